// Node side: turns a target (someone's server, or the embedded reference server) into the rooms and frame
// shapes of a fixture file. Login is generic (profile.auth.login); creating rooms and knowing the frames is
// per dialect: each dialect's Provisioner is load/<id>/provision.ts, registered in the manifest (dialects.ts).
import { expandPath, socketPath, type DialectProfile } from '../core/profiles.ts';
import { defaultRedactor } from '../core/redact.ts';
import { idsWith, partOf } from '../dialects.ts';
import type { TargetFile, TargetUser } from '../core/target.ts';
import type { FixtureRoom, LoadFixture } from './fixture.ts';
import { httpExchange } from '../client/http.ts';
import { obtainAccessToken, valueAt } from '../client/login.ts';

export interface ProvisionRequest {
  profile: DialectProfile;
  target: TargetFile & { wsUrl: string };
  rooms: number;
  /** `rooms` is an upper bound (a default): a target that allows fewer gets as many as it allows, not an error */
  upTo?: boolean;
  /** sockets per room (connections, not distinct users: see the dialect's provisioner) */
  members: number;
  /** ready access tokens by role; skip the login of that role */
  tokens?: Record<string, string>;
}

export type FixtureShape = Pick<LoadFixture, 'send' | 'receive' | 'refusal' | 'limit' | 'listen'>;

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

export async function requestJson(method: string, baseUrl: string, path: string, body: unknown, token?: string): Promise<{ status: number; body: unknown }> {
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
  try {
    return socketPath(profile, op);
  } catch (err) {
    throw new ProvisionError(`load rooms: ${(err as Error).message}`);
  }
}

export function wsUrlFor(profile: DialectProfile, wsBase: string, roomId: string | number, token: string): string {
  const url = new URL(wsBase + expandPath(roomSocketPath(profile, 'chat'), { id: roomId }));
  const auth = profile.auth.ws.find((a) => a.in === 'query');
  if (!auth) throw new ProvisionError(`profile ${profile.id}: load rooms need a query-string WebSocket credential`);
  url.searchParams.set(auth.name, token);
  return url.toString();
}

/** The dialects' provisioners (load/<id>/provision.ts), from the manifest. */
export async function provisionerFor(dialect: string): Promise<Provisioner> {
  const p = await partOf(dialect, 'load');
  if (!p) throw new ProvisionError(`no load provisioning for profile '${dialect}' yet (load rooms exist for: ${idsWith('load').join(', ')})`);
  return p;
}
