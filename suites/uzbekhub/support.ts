// What the UzbekHub checks share: the users' ids (the target file's, else `GET /api/accounts/account/profile/`,
// where 004 §Accounts API 7 says a client learns it), the fixture rooms, rooms of a check's own (created by
// the owner through §Chat API 2, the admin made admin with §10: D-uzbekhub-12), the members list and
// history as a member reads them, sockets, and the refusal a role rule answers (403 {"detail"}).
import type { Json } from '../../core/json.ts';
import { CheckBlocked } from '../../harness/check.ts';
import type { CheckContext, RunEnv } from '../../harness/context.ts';
import { httpExchange, FormData, type HttpResponse } from '../../client/http.ts';
import { Transcript } from '../../client/transcript.ts';
import { WsProbe, type Frame } from '../../client/ws.ts';
import { expectJsonBody, expectOpen, expectStatus, expectTrue, short } from '../../harness/verify.ts';
import { chatPath, uniqueText } from '../support.ts';
import { readList } from './lists.ts';

export const ROLES = ['owner', 'admin', 'member', 'outsider'] as const;
export type Role = (typeof ROLES)[number];

export interface UzState {
  /** user ids by role */
  ids: Partial<Record<Role, number>>;
  /** how the socket takes the token (D-uzbekhub-08: `?token=` or the Authorization header) */
  via: 'query' | 'header';
}

export type Ctx = CheckContext<UzState>;

/** Ids from the target file, else from my profile; the socket's token method, tried on the fixture room. */
export async function prepare(env: RunEnv, transcript: Transcript): Promise<UzState> {
  const state: UzState = { ids: {}, via: 'query' };
  const profile = env.endpoints.resolve('profile.get');
  for (const role of ROLES) {
    const s = env.sessions.get(role);
    if (s?.id !== undefined) state.ids[role] = Number(s.id);
    else if (s?.token) {
      try {
        const res = await httpExchange(env.target.baseUrl, { method: profile.method, path: profile.path, token: s.token }, env.timeoutMs, transcript);
        const id = (res.json as Json | undefined)?.id;
        if (typeof id === 'number') {
          state.ids[role] = id;
          s.id = id;
        }
      } catch {
        // left without an id: the checks needing it are blocked by `user-id:<role>`
      }
    }
  }
  const fixture = new Transcript(env.redactor);
  for (const [name, title] of [['room', 'the fixture group room (owner, admin, member; more than 120 messages)'], ['privateRoom', 'the fixture private room of the owner and the member']] as const) {
    if (env.fixtures[name] !== undefined) env.prereqs.record(`fixture:${name}`, title, 'ok', `room ${env.fixtures[name]} (target file)`, fixture);
    else env.prereqs.record(`fixture:${name}`, title, 'failed', `give fixtures.${name} in the target file (D-uzbekhub-12)`, fixture);
  }
  // D-uzbekhub-08 allows either method: the first the server takes on the fixture room is used throughout.
  const token = env.sessions.get('owner')?.token;
  if (token && env.fixtures.room !== undefined) {
    const url = new URL(chatPathOf(env, env.fixtures.room).replace(/^\//, ''), `${env.target.wsUrl}/`);
    url.searchParams.set('token', token);
    const probe = await WsProbe.connect(url.toString(), { headers: {}, timeoutMs: env.timeoutMs, transcript: fixture, label: 'owner (query)' });
    const closed = probe.handshake.kind !== 'open' || (await probe.waitClose(Math.min(env.timeoutMs, Math.max(300, env.rttMs * 8 + 150))));
    probe.close();
    if (closed) state.via = 'header';
  }
  return state;
}

const chatPathOf = (env: RunEnv, id: string | number) => env.profile.ws.chat.path.replace('{id}', encodeURIComponent(String(id)));

/** A role's user id, or the check is blocked by the profile lookup of that role. */
export function idOf(ctx: Ctx, role: Role): number {
  const id = ctx.state.ids[role];
  if (id === undefined) {
    ctx.session(role);
    throw new CheckBlocked({ kind: 'prerequisite', id: `login:${role}`, reason: `no user id for ${role}: neither users.${role}.id nor GET /api/accounts/account/profile/ gave one` });
  }
  return id;
}

export const fixtureRoom = (ctx: CheckContext): string => String(ctx.fixture('room'));
export const privateRoom = (ctx: CheckContext): string => String(ctx.fixture('privateRoom'));

/** A response's JSON as an object (or an empty one). */
export const body = (res: HttpResponse): Json => (res.json && typeof res.json === 'object' && !Array.isArray(res.json) ? (res.json as Json) : {});

/**
 * A group room of this check's own, created by the owner with `members` (default: admin and member) and
 * a name and username (some servers need both); `admin` made admin with set_admin unless `withAdmin` is false.
 * A server that creates none blocks the check by uzbekhub-rooms-02; one whose set_admin fails, by members-04.
 */
export async function ownRoom(ctx: Ctx, opts: { members?: Role[]; withAdmin?: boolean } = {}): Promise<string> {
  const members = (opts.members ?? ['admin', 'member']).map((r) => idOf(ctx, r));
  const tag = uniqueText('room').replace(/-/g, '_');
  const res = await ctx.rest('rooms.create', { role: 'owner', json: { room_type: 'group', name: `Room ${tag}`, username: tag, description: 'chatconform', members } });
  const id = body(res).id;
  if (res.status !== 201 && res.status !== 200) throw new CheckBlocked({ kind: 'check', id: 'uzbekhub-rooms-02', reason: `POST /api/chat/rooms/ (a group room) as the owner answered ${res.status}` });
  if (typeof id !== 'string') throw new CheckBlocked({ kind: 'check', id: 'uzbekhub-rooms-02', reason: 'POST /api/chat/rooms/ answered no room id' });
  if (opts.withAdmin !== false && (opts.members ?? ['admin']).includes('admin')) {
    const set = await ctx.rest('members.setAdmin', { role: 'owner', params: { id }, json: { user_id: idOf(ctx, 'admin') } });
    if (set.status !== 200) throw new CheckBlocked({ kind: 'check', id: 'uzbekhub-members-04', reason: `set_admin by the owner answered ${set.status}, so the room has no admin` });
  }
  return id;
}

/** user id -> role in `room`, as the owner (or `as`) reads list_members; unreadable blocks by members-01. */
export async function rolesIn(ctx: Ctx, room: string, as: Role = 'owner'): Promise<Map<number, string>> {
  const { res, items } = await readList(ctx, 'members.list', { role: as, params: { id: room } });
  if (res.status !== 200 || !items) throw new CheckBlocked({ kind: 'check', id: 'uzbekhub-members-01', reason: `list_members as the ${as} answered ${res.status}${items ? '' : ' without a list'}` });
  return new Map(items.map((m) => [Number((m.user as Json | undefined)?.id), String(m.role)]));
}

/** Every history item of `room` as `as` reads it (limit 100 pages); unreadable blocks by `blockedBy`. */
export async function historyOf(ctx: Ctx, room: string | number, as: Role = 'owner', blockedBy = 'uzbekhub-history-02'): Promise<Json[]> {
  const out: Json[] = [];
  for (let offset = 0, guard = 0; guard < 50; guard++) {
    const res = await ctx.rest('messages.list', { role: as, params: { id: room }, query: { limit: 100, offset } });
    const page = body(res);
    if (res.status !== 200 || !Array.isArray(page.results)) throw new CheckBlocked({ kind: 'check', id: blockedBy, reason: `list_by_room as the ${as} answered ${res.status}${Array.isArray(page.results) ? '' : ' without results'}` });
    out.push(...(page.results as Json[]));
    offset += (page.results as Json[]).length;
    if (!page.next || (page.results as Json[]).length === 0) break;
  }
  return out;
}

/**
 * `op` exactly as 004 documents it (method, path, raw body), whatever the target file's `endpoints` say:
 * what a check of the documented form calls, so that it keeps failing where the form is absent.
 */
export function documented(ctx: Ctx, op: string, opts: { role: Role; params?: Record<string, string | number>; json?: unknown }): Promise<HttpResponse> {
  const ep = ctx.env.endpoints.documented(op);
  const path = Object.entries(opts.params ?? {}).reduce((p, [k, v]) => p.replace(`{${k}}`, encodeURIComponent(String(v))), ep.path);
  return ctx.http({ method: ep.method, path, token: ctx.token(opts.role), ...(opts.json !== undefined ? { json: opts.json } : {}) });
}

/** `role`'s socket on `room`, the token carried as the server takes it. */
export function socket(ctx: Ctx, room: string | number, role: Role, label: string = role): Promise<WsProbe> {
  return ctx.ws(chatPath(ctx, room), { role, via: ctx.state.via, label });
}

export async function openSocket(ctx: Ctx, room: string | number, role: Role): Promise<WsProbe> {
  const probe = await socket(ctx, room, role);
  expectOpen(ctx, probe, `the ${role} joining room ${room}`);
  return probe;
}

const json = (f: Frame): Json | undefined => (f.json && typeof f.json === 'object' ? (f.json as Json) : undefined);
export const typeOf = (f: Frame): unknown => json(f)?.type;
export const inner = (f: Frame): Json => ((json(f)?.message && typeof json(f)?.message === 'object' ? json(f)!.message : {}) as Json);
/**
 * The text a chat_message event carries: D-uzbekhub-10's `message.text`, or, for a server that shapes the
 * event otherwise (which ws-02 judges), a top-level `text` or a string `message`.
 */
export const textOf = (f: Frame): unknown => inner(f).text ?? json(f)?.text ?? (typeof json(f)?.message === 'string' ? json(f)?.message : undefined);
/** The message id a chat_message event carries (`message.id`, or a top-level `id`). */
export const messageIdOf = (f: Frame): unknown => inner(f).id ?? json(f)?.id;
/** A chat_message event (§Message Events) carrying `text`. */
export const chatWith = (text: string) => (f: Frame): boolean => typeOf(f) === 'chat_message' && textOf(f) === text;
export const isChat = (f: Frame): boolean => typeOf(f) === 'chat_message';
export const isError = (f: Frame): boolean => typeOf(f) === 'error' || (typeof json(f)?.error === 'string' && typeOf(f) !== 'chat_message');
export const errorOf = (f: Frame): string => String(json(f)?.code ?? json(f)?.error ?? '');
export const field = (f: Frame, key: string): unknown => json(f)?.[key];

/** `{"type": "chat_message", "message", "reply_to", "files"}` as 004 §Send Message shows it. */
export const chatFrame = (text: unknown, replyTo: string | null = null, files: number[] = []): Json => ({ type: 'chat_message', message: text, reply_to: replyTo, files });

/**
 * Sends `text` from `from` and waits until history (as `as`) holds it: what a check needs before acting on
 * a message (its id). A server that stores none blocks the check by uzbekhub-history-05.
 */
export async function sentMessage(ctx: Ctx, from: WsProbe, room: string, text: string, as: Role = 'owner'): Promise<Json> {
  from.send(chatFrame(text));
  const deadline = Date.now() + ctx.timeoutMs;
  while (Date.now() < deadline) {
    const hit = (await historyOf(ctx, room, as)).find((m) => m.text === text);
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new CheckBlocked({ kind: 'check', id: 'uzbekhub-history-05', reason: `the message "${text}" sent on the socket never appeared in list_by_room` });
}

/**
 * A request a role rule refuses: 403 with §Error Responses' {"detail"}; for someone outside the room a
 * server hiding others' rooms may answer 404 (D-uzbekhub-28).
 */
export function expectRefused(ctx: Ctx, res: HttpResponse, role: Role, what: string, outside = role === 'outsider'): void {
  expectStatus(ctx, res, outside ? [403, 404] : [403], `${what} as the ${role}`);
  if (res.status === 403) expectJsonBody(ctx, res, 'uzbekhub/error-detail', `the 403 body answering the ${role}`);
}

/** The role `userId` holds in `room` is `want` (undefined: not a member). */
export async function expectRole(ctx: Ctx, room: string, userId: number, want: string | undefined, what: string): Promise<void> {
  const roles = await rolesIn(ctx, room, 'owner');
  const got = roles.get(userId);
  expectTrue(ctx, got === want, {
    expected: [want ? `user ${userId} listed with role "${want}"` : `user ${userId} not listed`],
    observed: short([...roles].map(([u, r]) => `${u}:${r}`).join(', ')),
    pass: what,
    fail: `${what}: user ${userId} is ${got === undefined ? 'not listed' : `listed as "${got}"`}`,
  });
}

export const smallFile = (text: string, name = 'notes.txt', type = 'text/plain'): FormData => {
  const form = new FormData();
  form.append('file', new Blob([text], { type }), name);
  return form;
};
