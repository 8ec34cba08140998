// Node side: turns a target (someone's server, or the embedded reference server) into the rooms and frame
// shapes of a fixture file. Login is generic (profile.auth.login); creating rooms and knowing the frames is
// per dialect: one Provisioner per dialect in PROVISIONERS, so another dialect adds its own entry here.
import { expandPath, type DialectProfile } from '../core/profiles.ts';
import { defaultRedactor } from '../core/redact.ts';
import type { TargetFile, TargetUser } from '../core/target.ts';
import type { FixtureRoom, LoadFixture } from './fixture.ts';
import { mapLimit } from '../core/async.ts';
import { httpExchange } from '../harness/http.ts';
import { obtainAccessToken, valueAt } from '../harness/login.ts';

export interface ProvisionRequest {
  profile: DialectProfile;
  target: TargetFile & { wsUrl: string };
  rooms: number;
  /** sockets per room (connections, not distinct users: see the dialect's provisioner) */
  members: number;
  /** ready access tokens by role; skip the login of that role */
  tokens?: Record<string, string>;
}

export type FixtureShape = Pick<LoadFixture, 'send' | 'receive' | 'refusal' | 'limit'>;

export interface Provisioned extends FixtureShape {
  rooms: FixtureRoom[];
  /** every token and password used: the harness redacts them from anything it prints */
  secrets: string[];
}

export interface Provisioner {
  provision(req: ProvisionRequest): Promise<Provisioned>;
}

export class ProvisionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProvisionError';
  }
}

const TIMEOUT_MS = 10_000;

async function requestJson(method: string, baseUrl: string, path: string, body: unknown, token?: string): Promise<{ status: number; body: unknown }> {
  try {
    const res = await httpExchange(baseUrl, { method, path, json: body, token }, TIMEOUT_MS);
    return { status: res.status, body: res.json ?? res.text };
  } catch (err) {
    throw new ProvisionError((err as Error).message);
  }
}

/**
 * The checks' rule for a documented answer: any 2xx whose body holds the fields it documents is a success
 * (a start answering 200 instead of the decided 201 is fine). Otherwise: what was actually wrong.
 */
export function judge(res: { status: number; body: unknown }, fields: Record<string, string[]>): string | undefined {
  const missing = Object.entries(fields).filter(([f, types]) => !types.includes(typeof valueAt(res.body, f))).map(([f, types]) => {
    const v = valueAt(res.body, f);
    return v === undefined ? `no ${f}` : `${f} is ${typeof v}, not ${types.join(' or ')}`;
  });
  const ok = res.status >= 200 && res.status < 300;
  if (ok && !missing.length) return undefined;
  const body = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
  // The body may carry a token (a visitor_token beside a missing room_id): printed through the patterns.
  return `answered ${res.status}${ok ? '' : ' (not a 2xx)'}${missing.length ? `: ${missing.join(', ')}` : ''}; body ${defaultRedactor.text((body ?? '').slice(0, 200))}`;
}

/** An access token for a user of the target: the given one, the target's `token`, or a login. */
export async function accessToken(profile: DialectProfile, target: TargetFile, role: string, given?: string): Promise<string> {
  if (given) return given;
  const user: TargetUser | undefined = target.users[role];
  if (!user) throw new ProvisionError(`the target file has no user '${role}' (needed to provision load rooms)`);
  if (user.token) return user.token;
  if (!profile.auth.login || !user.credentials) throw new ProvisionError(`user '${role}' has neither a token nor credentials`);
  try {
    return await obtainAccessToken(profile, target.baseUrl, user.credentials, TIMEOUT_MS);
  } catch (err) {
    throw new ProvisionError(`login of '${role}': ${(err as Error).message}`);
  }
}

/** The path template of the socket a load room's members connect to, by the profile's socket name. */
export function roomSocketPath(profile: DialectProfile, op: string): string {
  const spec = profile.ws[op];
  if (!spec) throw new ProvisionError(`profile ${profile.id} has no socket '${op}' for load rooms; it has ${Object.keys(profile.ws).join(', ')}`);
  return spec.path;
}

function wsUrlFor(profile: DialectProfile, wsBase: string, roomId: string | number, token: string): string {
  const url = new URL(wsBase + expandPath(roomSocketPath(profile, 'chat'), { id: roomId }));
  const auth = profile.auth.ws.find((a) => a.in === 'query');
  if (!auth) throw new ProvisionError(`profile ${profile.id}: load rooms need a query-string WebSocket credential`);
  url.searchParams.set(auth.name, token);
  return url.toString();
}

// Medmapp (000): a conversation has exactly two participants, the patient and its operator. A load room
// of M members is therefore M *connections* to one conversation, alternating the patient's and the
// operator's tokens (member 0 patient, 1 operator, 2 patient, ...): the server broadcasts to every socket
// of the conversation (D-medmapp-18), so each connection is a receiver, and the rate limit is per
// connection (D-medmapp-06), so each connection may send at the full rate.
const medmapp: Provisioner = {
  async provision(req) {
    const { profile, target } = req;
    const patient = await accessToken(profile, target, 'patient', req.tokens?.patient);
    const operator = await accessToken(profile, target, 'operator', req.tokens?.operator);
    const patientId = target.users.patient?.id;
    if (patientId === undefined) throw new ProvisionError("the target's 'patient' user needs an 'id' to create conversations");
    const create = profile.rest['conversations.create'];
    if (!create) throw new ProvisionError('profile has no conversations.create endpoint');
    const stamp = new Date().toISOString();
    const ids = await mapLimit(Array.from({ length: req.rooms }, (_, i) => i), 8, async (i) => {
      const res = await requestJson(create.method, target.baseUrl, create.path, { patient: patientId, title: `chatconform load ${stamp} #${i + 1}` }, operator);
      const problem = judge(res, { id: ['number', 'string'] });
      if (problem) throw new ProvisionError(`creating conversation ${i + 1}: ${problem}`);
      return valueAt(res.body, 'id') as string | number;
    });
    const rooms: FixtureRoom[] = ids.map((id) => ({
      id,
      members: Array.from({ length: req.members }, (_, j) => {
        const role = j % 2 === 0 ? 'patient' : 'operator';
        return { url: wsUrlFor(profile, target.wsUrl, id, role === 'patient' ? patient : operator), label: `${role}#${id}.${j}` };
      }),
    }));
    const credentials = Object.values(target.users).flatMap((u) => Object.values(u.credentials ?? {}));
    return {
      rooms,
      secrets: [patient, operator, ...credentials],
      send: { template: { message: '$PAYLOAD' } },
      receive: { path: 'data.content', typeField: 'type', typeValue: 'chat_message', echo: true },
      refusal: { path: 'code', value: profile.rateLimit?.errorCode ?? 'RATE_LIMIT_EXCEEDED' },
      limit: profile.rateLimit?.messagesPerSecond,
    };
  },
};

// CarInfoPro (003): a room is a visitor and its owner. `POST /api/chat/start/` (public) creates one for the
// owner and hands out the room's visitor token; a load room of M members is M connections alternating the
// visitor (`?visitor=`) and the owner (`?token=`). The broadcast `{id, room_id, sender_type, message,
// created_at}` goes to every socket of the room, the sender's included (D-carinfopro-09); there is no
// documented rate limit, so nothing should ever be refused.
const carinfopro: Provisioner = {
  async provision(req) {
    const { profile, target } = req;
    const owner = await accessToken(profile, target, 'owner', req.tokens?.owner);
    const ownerId = target.users.owner?.id;
    if (ownerId === undefined) throw new ProvisionError("the target's 'owner' user needs an 'id' (the owner's UUID) to start rooms");
    const start = profile.rest['chat.start'];
    if (!start) throw new ProvisionError('profile has no chat.start endpoint');
    const started = await mapLimit(Array.from({ length: req.rooms }, (_, i) => i), 8, async (i) => {
      const res = await requestJson(start.method, target.baseUrl, start.path, { user_id: ownerId, visitor_name: `chatconform load #${i + 1}` });
      const problem = judge(res, { room_id: ['string'], visitor_token: ['string'] });
      if (problem) throw new ProvisionError(`starting room ${i + 1}: ${problem}`);
      return { id: valueAt(res.body, 'room_id') as string, visitor: valueAt(res.body, 'visitor_token') as string };
    });
    const chat = roomSocketPath(profile, 'chat');
    const url = (roomId: string, param: string, token: string) => {
      const u = new URL(target.wsUrl + expandPath(chat, { id: roomId }));
      u.searchParams.set(param, token);
      return u.toString();
    };
    const rooms: FixtureRoom[] = started.map(({ id, visitor }) => ({
      id,
      members: Array.from({ length: req.members }, (_, j) =>
        j % 2 === 0 ? { url: url(id, 'visitor', visitor), label: `visitor#${id.slice(0, 8)}.${j}` } : { url: url(id, 'token', owner), label: `owner#${id.slice(0, 8)}.${j}` },
      ),
    }));
    const credentials = Object.values(target.users).flatMap((u) => Object.values(u.credentials ?? {}));
    return {
      rooms,
      secrets: [owner, ...started.map((r) => r.visitor), ...credentials],
      send: { template: { message: '$PAYLOAD' } },
      receive: { path: 'message', echo: true },
      refusal: { path: 'code', value: 'RATE_LIMIT_EXCEEDED' },
      limit: profile.rateLimit?.messagesPerSecond,
    };
  },
};

export const PROVISIONERS: Record<string, Provisioner> = { medmapp, carinfopro };

export function provisionerFor(dialect: string): Provisioner {
  const p = PROVISIONERS[dialect];
  if (!p) throw new ProvisionError(`no load provisioning for profile '${dialect}' yet (load/provision.ts has: ${Object.keys(PROVISIONERS).join(', ')})`);
  return p;
}
