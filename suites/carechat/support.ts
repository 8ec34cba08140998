// What the care chat checks share: the profile ids the create-or-get names (the target's `id` of patient,
// professional and outsider, D-carechat-15), the fixture chat (the target's, or created once here), chats
// of the user holding both profiles, sockets by either authentication method, and frame predicates.
// Document 002 has no history endpoint: what a check can see is what is delivered.
import type { Json } from '../../core/json.ts';
import { CheckBlocked, CheckSkip } from '../../harness/check.ts';
import type { CheckContext, RunEnv } from '../../harness/context.ts';
import { httpExchange } from '../../client/http.ts';
import { Transcript } from '../../client/transcript.ts';
import { expectDenied, expectOpen } from '../../harness/verify.ts';
import type { Frame, WsProbe } from '../../client/ws.ts';
import { chatPath } from '../support.ts';

export interface CarechatState {
  /** profile ids (D-carechat-03): what the other side names in POST /chat/chats/ */
  patientId?: string;
  professionalId?: string;
  outsiderId?: string;
}

export type Ctx = CheckContext<CarechatState>;
export type Via = 'query' | 'header';

const idOf = (env: RunEnv, role: string): string | undefined => {
  const id = env.sessions.get(role)?.id;
  return id === undefined ? undefined : String(id);
};

/** Without `fixtures.chat` the patient creates (or gets) the chat with the professional, once. */
export async function prepare(env: RunEnv): Promise<CarechatState> {
  const state: CarechatState = { patientId: idOf(env, 'patient'), professionalId: idOf(env, 'professional'), outsiderId: idOf(env, 'outsider') };
  const fixture = new Transcript(env.redactor);
  const title = 'the fixture chat of the patient and the professional';
  if (env.fixtures.chat !== undefined) {
    env.prereqs.record('fixture:chat', title, 'ok', `chat ${env.fixtures.chat} (target file)`, fixture);
    return state;
  }
  const token = env.sessions.get('patient')?.token;
  if (!token || !state.professionalId) {
    env.prereqs.record('fixture:chat', title, 'failed', 'give fixtures.chat, or the patient\'s login and users.professional.id (the professional profile\'s UUID)', fixture);
    return state;
  }
  try {
    const ep = env.endpoints.resolve('chats.create');
    const res = await httpExchange(env.target.baseUrl, { method: ep.method, path: ep.path, json: { professional: state.professionalId }, token }, env.timeoutMs, fixture);
    const id = (res.json as Json | undefined)?.id;
    if (res.status < 200 || res.status >= 300 || typeof id !== 'string') {
      env.prereqs.record('fixture:chat', title, 'failed', `${ep.method} ${ep.path} as the patient answered ${res.status}${typeof id === 'string' ? '' : ' without an id'}`, fixture);
      return state;
    }
    env.fixtures.chat = id;
    env.prereqs.record('fixture:chat', title, 'ok', `chat ${id}`, fixture);
  } catch (err) {
    env.prereqs.record('fixture:chat', title, 'failed', `POST /chat/chats/ failed: ${(err as Error).message}`, fixture);
  }
  return state;
}

/** A profile id of the target (`users.<role>.id`), or the check is skipped. */
export function profileId(ctx: Ctx, role: 'patient' | 'professional' | 'outsider'): string {
  const id = ctx.state[`${role}Id`];
  if (!id) throw new CheckSkip(`users.${role}.id (the ${role === 'professional' ? 'professional' : 'patient'} profile's UUID) is not in the target file`);
  return id;
}

export const fixtureChat = (ctx: CheckContext): string => String(ctx.fixture('chat'));

/** POST /chat/chats/ as `role` (002 §Getting a Chat ID). */
export function createChat(ctx: CheckContext, role: string | null, body: unknown) {
  return ctx.rest('chats.create', { ...(role ? { role } : {}), json: body });
}

/**
 * The chat id create-or-get answers `role` for `body`; a server that answers none blocks the check by
 * carechat-chats-01, the check whose subject that is.
 */
export async function chatWith(ctx: CheckContext, role: string, body: Json): Promise<{ id: string; body: Json; status: number }> {
  const res = await createChat(ctx, role, body);
  const json = res.json as Json | undefined;
  if (res.status < 200 || res.status >= 300 || typeof json?.id !== 'string') {
    throw new CheckBlocked({ kind: 'check', id: 'carechat-chats-01', reason: `POST /chat/chats/ as the ${role} with ${JSON.stringify(body)} answered ${res.status}${typeof json?.id === 'string' ? '' : ' without an id'}` });
  }
  return { id: json.id, body: json, status: res.status };
}

/** The chats of the user holding both profiles: as patient (with the professional) and as professional (with the patient). */
export async function dualChat(ctx: Ctx, as: 'patient' | 'professional'): Promise<string> {
  const body = as === 'patient' ? { professional: profileId(ctx, 'professional') } : { patient: profileId(ctx, 'patient') };
  return (await chatWith(ctx, 'dual', body)).id;
}

/** `role`'s socket on `chat`, the token in `?token=` or in `Authorization: Bearer` (002 §Authentication). */
export function chatSocket(ctx: CheckContext, chat: string, role: string, via: Via = 'query', label = `${role} (${via})`): Promise<WsProbe> {
  return ctx.ws(chatPath(ctx, chat), { role, via, label });
}

export async function openChat(ctx: CheckContext, chat: string, role: string, via: Via = 'query', label?: string): Promise<WsProbe> {
  const probe = await chatSocket(ctx, chat, role, via, label);
  expectOpen(ctx, probe, `${label ?? role} joining chat ${chat}${via === 'header' ? ' (Authorization header)' : ''}`);
  return probe;
}

/** The fixture chat with the patient and the professional connected. */
export async function fixturePair(ctx: CheckContext, via: Via = 'query'): Promise<{ chat: string; patient: WsProbe; professional: WsProbe }> {
  const chat = fixtureChat(ctx);
  const [patient, professional] = await Promise.all([openChat(ctx, chat, 'patient', via), openChat(ctx, chat, 'professional', via)]);
  return { chat, patient, professional };
}

/** `token` refused on the fixture chat's socket by both methods, before any frame (§Error Responses). */
export async function deniedBothWays(ctx: CheckContext, token: string, what: string): Promise<void> {
  const path = chatPath(ctx, fixtureChat(ctx));
  await expectDenied(ctx, await ctx.ws(path, { token, via: 'query', label: 'client (query)' }), `${what} in ?token=`);
  await expectDenied(ctx, await ctx.ws(path, { token, via: 'header', label: 'client (header)' }), `${what} in the Authorization header`);
}

const json = (f: Frame) => f.json as Json | undefined;

/** A message frame (§Receiving Messages): one carrying a `message` object (D-carechat-04). */
export const isMessage = (f: Frame): boolean => typeof json(f)?.message === 'object' && json(f)?.message !== null;
export const messageOf = (f: Frame): Json => (json(f)?.message ?? {}) as Json;
export const isMessageWith = (text: string) => (f: Frame): boolean => isMessage(f) && messageOf(f).content === text;
/** An error frame (§Error Responses): one carrying a string `error`. */
export const isError = (f: Frame): boolean => typeof json(f)?.error === 'string';
export const errorOf = (f: Frame): string => String(json(f)?.error);
