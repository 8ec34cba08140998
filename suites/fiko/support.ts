// What the CarInfoPro checks share: resolving the owners' ids and the fixture room once, fresh rooms for
// checks that write (a visitor starts one through the documented endpoint, so concurrent checks never see
// each other's messages), sockets for either side, frame predicates and history reads.
import type { Json } from '../../core/json.ts';
import { shapeBody } from '../../client/endpoints.ts';
import { CheckBlocked, CheckSkip } from '../../harness/check.ts';
import { sessionUserId, targetValue, type CheckContext, type RunEnv } from '../../harness/context.ts';
import { httpExchange } from '../../client/http.ts';
import { Transcript } from '../../client/transcript.ts';
import { expectDenied, expectOpen, expectStatus, fail } from '../../harness/verify.ts';
import type { Frame, WsProbe } from '../../client/ws.ts';
import { chatPath } from '../support.ts';

export interface CarinfoproState {
  ownerId?: string;
  otherOwnerId?: string;
}

/** A user's UUID (D-carinfopro-01, -02): the target's `id`, else its access token's string `user_id` claim. */
function userId(env: RunEnv, role: string): string | undefined {
  const given = env.sessions.get(role)?.id;
  if (given !== undefined) return String(given);
  const claim = sessionUserId(env, role);
  return typeof claim === 'string' ? claim : undefined;
}

/**
 * D-carinfopro-13: the visitor needs nothing in the target. Without `users.visitor` and `fixtures.room`,
 * a room is started here for the owner and its visitor token becomes the visitor's session.
 */
export async function prepare(env: RunEnv): Promise<CarinfoproState> {
  const state: CarinfoproState = { ownerId: userId(env, 'owner'), otherOwnerId: userId(env, 'other_owner') };
  const visitor = env.sessions.get('visitor');
  const fixture = new Transcript(env.redactor);
  const title = 'the fixture room, started for the owner';
  const failed = (why: string) => {
    env.prereqs.record('fixture:room', title, 'failed', why, fixture);
    env.prereqs.record('login:visitor', 'a visitor token of the fixture room', 'failed', `no fixture room: ${why}`, fixture);
  };
  if (visitor?.token && env.fixtures.room !== undefined) {
    env.prereqs.record('fixture:room', title, 'ok', `room ${env.fixtures.room} (target file)`, fixture);
    return state;
  }
  if (!state.ownerId) {
    failed('the owner\'s UUID is unknown: give users.owner.id in the target file');
    return state;
  }
  try {
    const ep = env.endpoints.resolve('chat.start');
    const res = await httpExchange(env.target.baseUrl, { method: ep.method, path: ep.path, json: shapeBody(ep, { user_id: state.ownerId, visitor_name: 'chatconform' }, (ref) => targetValue(env, ref)) }, env.timeoutMs, fixture);
    const body = res.json as Json | undefined;
    if (res.status < 200 || res.status >= 300 || typeof body?.room_id !== 'string' || typeof body?.visitor_token !== 'string') {
      const missing = ['room_id', 'visitor_token'].filter((k) => typeof body?.[k] !== 'string');
      failed(`${ep.method} ${ep.path} for the owner answered ${res.status}${missing.length ? ` without ${missing.join(' and ')}` : ''}`);
      return state;
    }
    env.redactor.add(body.visitor_token);
    env.sessions.set('visitor', { role: 'visitor', token: body.visitor_token });
    env.fixtures.room = body.room_id;
    env.prereqs.record('fixture:room', title, 'ok', `room ${body.room_id}`, fixture);
    env.prereqs.record('login:visitor', 'a visitor token of the fixture room', 'ok', 'from the start of the fixture room', fixture);
  } catch (err) {
    failed(`POST /api/chat/start/ failed: ${(err as Error).message}`);
  }
  return state;
}

export type Ctx = CheckContext<CarinfoproState>;

export function ownerId(ctx: Ctx): string {
  const id = ctx.state.ownerId;
  if (!id) throw new CheckSkip('the owner\'s UUID is unknown: give users.owner.id in the target file');
  return id;
}

export function fixtureRoom(ctx: CheckContext): string {
  return String(ctx.fixture('room'));
}

export function visitorToken(ctx: CheckContext): string {
  return ctx.token('visitor');
}

export interface StartedRoom {
  roomId: string;
  visitorToken: string;
  wsPath: string;
  status: number;
  body: Json;
}

/** POST /api/chat/start/ (public) with `body`; returns the raw answer, registering any visitor token as a secret. */
export async function start(ctx: CheckContext, body: unknown, headers?: Record<string, string>) {
  const res = await ctx.rest('chat.start', { json: body, ...(headers ? { headers } : {}) });
  const token = (res.json as Json | undefined)?.visitor_token;
  if (typeof token === 'string') ctx.env.redactor.add(token);
  return res;
}

/**
 * A room of its own for a check, started as a visitor of the owner would (§1). A server that will not
 * start one blocks the check, naming fiko-start-01, the check that tests starting: a second failure
 * for the same cause would say nothing new.
 */
export async function freshRoom(ctx: Ctx, visitorName = `chatconform ${ctx.check.id}`, owner = ownerId(ctx)): Promise<StartedRoom> {
  const res = await start(ctx, { user_id: owner, visitor_name: visitorName });
  const body = res.json as Json | undefined;
  if (res.status < 200 || res.status >= 300 || typeof body?.room_id !== 'string' || typeof body?.visitor_token !== 'string') {
    const missing = ['room_id', 'visitor_token'].filter((k) => typeof body?.[k] !== 'string');
    throw new CheckBlocked({ kind: 'check', id: 'fiko-start-01', reason: `could not start a room to test in: HTTP ${res.status}${missing.length ? ` without ${missing.join(' and ')}` : ''}` });
  }
  return { roomId: body.room_id, visitorToken: body.visitor_token, wsPath: String(body.ws_path ?? ''), status: res.status, body };
}

/** The visitor's socket: `?visitor=<visitor_token>` (§WebSocket). */
export function visitorSocket(ctx: CheckContext, roomId: string, token: string, label = 'visitor'): Promise<WsProbe> {
  return ctx.ws(chatPath(ctx, roomId), { token: null, query: { visitor: token }, label });
}

/** An owner's socket: `?token=<JWT_ACCESS>` (§WebSocket). */
export function ownerSocket(ctx: CheckContext, roomId: string, role = 'owner', label = role): Promise<WsProbe> {
  return ctx.ws(chatPath(ctx, roomId), { role, label });
}

export async function openVisitor(ctx: CheckContext, room: StartedRoom, label = 'visitor'): Promise<WsProbe> {
  const probe = await visitorSocket(ctx, room.roomId, room.visitorToken, label);
  expectOpen(ctx, probe, `${label} joining room ${room.roomId}`);
  return probe;
}

export async function openOwner(ctx: CheckContext, roomId: string, label = 'owner'): Promise<WsProbe> {
  const probe = await ownerSocket(ctx, roomId, 'owner', label);
  expectOpen(ctx, probe, `${label} joining room ${roomId}`);
  return probe;
}

/** A fresh room with its visitor and its owner both connected. */
export async function connectedPair(ctx: Ctx): Promise<{ room: StartedRoom; visitor: WsProbe; owner: WsProbe }> {
  const room = await freshRoom(ctx);
  const [visitor, owner] = await Promise.all([openVisitor(ctx, room), openOwner(ctx, room.roomId)]);
  return { room, visitor, owner };
}

/** A broadcast as §Send a Message shows it: a frame with `id` and `message` (D-carinfopro-14). */
export const isMessage = (f: Frame): boolean => {
  const j = f.json as Json | undefined;
  return typeof j === 'object' && j !== null && 'id' in j && ('message' in j || 'content' in j) && !('error' in j);
};
/** The broadcast of `text`, whichever key carries it (a server that swaps keys is judged by the schema). */
export const isMessageWith = (text: string) => (f: Frame): boolean => isMessage(f) && ((f.json as Json).message === text || (f.json as Json).content === text);
export const isMessageContaining = (text: string) => (f: Frame): boolean =>
  isMessage(f) && String((f.json as Json).message ?? (f.json as Json).content ?? '').includes(text);
/** An error frame (D-carinfopro-08): anything carrying a string `error`. */
export const isError = (f: Frame): boolean => typeof (f.json as Json | undefined)?.error === 'string';
/** Anything that is not a broadcast: an error frame of whatever shape. */
export const isNotMessage = (f: Frame): boolean => !isMessage(f);

export type Reader = { role: string } | { visitor: string };

/**
 * GET /api/chat/rooms/<id>/messages/ as an owner (JWT) or a visitor (`?visitor=`); the plain array, or the
 * check fails. A check whose subject is not history passes `blockedBy`: unreadable history then blocks it.
 */
export async function readHistory(ctx: CheckContext, roomId: string, as: Reader = { role: 'owner' }, blockedBy?: string): Promise<Json[]> {
  const res = await history(ctx, roomId, as);
  if (res.status !== 200 || !Array.isArray(res.json)) {
    if (blockedBy) throw new CheckBlocked({ kind: 'check', id: blockedBy, reason: `the history of room ${roomId} could not be read (HTTP ${res.status})` });
    fail({ expected: ['HTTP 200 with a JSON array of messages'], observed: `HTTP ${res.status}: ${res.text.slice(0, 200)}`, reason: `the history of room ${roomId} could not be read as a plain array (HTTP ${res.status})` });
  }
  return res.json as Json[];
}

export function history(ctx: CheckContext, roomId: string, as: Reader) {
  return 'role' in as
    ? ctx.rest('messages.list', { role: as.role, params: { id: roomId } })
    : ctx.rest('messages.list', { params: { id: roomId }, query: { visitor: as.visitor } });
}

/** Text of a history item or broadcast, whichever documented key holds it. */
export const textOf = (m: Json | undefined): unknown => m?.content ?? m?.message;

/** `token` is refused on REST (rooms list) and on the owner's socket. */
export async function refusedEverywhere(ctx: Ctx, token: string, what: string): Promise<void> {
  const room = fixtureRoom(ctx);
  const res = await ctx.rest('rooms.list', { token });
  expectStatus(ctx, res, [401, 403], `GET /api/chat/rooms/ with ${what}`);
  const probe = await ctx.ws(chatPath(ctx, room), { token, label: 'owner' });
  await expectDenied(ctx, probe, `the owner's socket with ${what}`);
}
