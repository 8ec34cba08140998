// What the Medmapp checks share: resolving the fixture conversation and participant ids once, fresh
// conversations for checks that write (so concurrent checks never see each other's messages), and
// frame predicates.
import { randomBytes } from 'node:crypto';
import { expandPath } from '../../core/profiles.ts';
import { CheckSkip } from '../../harness/check.ts';
import type { CheckContext, RunEnv } from '../../harness/context.ts';
import { httpExchange } from '../../harness/http.ts';
import { tokenVar, type HttpStep, type WsStep } from '../../harness/reproduce.ts';
import type { Transcript } from '../../harness/transcript.ts';
import { expectOpen, fail } from '../../harness/verify.ts';
import type { Frame, WsProbe } from '../../harness/ws.ts';

type Json = Record<string, any>;

export interface MedmappState {
  patientId?: number;
  operatorId?: number;
  /** why the fixture conversation could not be resolved */
  problem?: string;
}

export async function prepare(env: RunEnv, transcript: Transcript): Promise<void> {
  const state: MedmappState = {};
  env.state.medmapp = state;
  const patient = env.sessions.get('patient');
  const operator = env.sessions.get('operator');
  state.patientId = typeof patient?.id === 'number' ? patient.id : undefined;
  state.operatorId = typeof operator?.id === 'number' ? operator.id : undefined;
  if (!patient?.token) {
    state.problem = `no patient session (${patient?.loginError ?? 'users.patient missing'})`;
    return;
  }
  try {
    const res = await httpExchange(env.target.baseUrl, { method: 'GET', path: '/api/conversations/', token: patient.token }, env.timeoutMs, transcript);
    const list: Json[] = Array.isArray((res.json as Json)?.results) ? (res.json as Json).results : [];
    const wanted = env.fixtures.conversation;
    const conv = list.find((c) => (wanted !== undefined ? String(c.id) === String(wanted) : c?.operator && typeof c.operator === 'object'));
    if (conv) {
      env.fixtures.conversation ??= conv.id;
      state.patientId ??= conv.patient?.id;
      state.operatorId ??= conv.operator?.id;
    } else if (wanted === undefined) {
      state.problem = 'the patient has no conversation with an operator: add "fixtures": {"conversation": <id>} to the target file';
    }
  } catch (err) {
    state.problem = `GET /api/conversations/ as patient failed: ${(err as Error).message}`;
  }
}

export function state(ctx: CheckContext): MedmappState {
  return ctx.env.state.medmapp as MedmappState;
}

export function fixtureConversation(ctx: CheckContext): number | string {
  const s = state(ctx);
  if (ctx.env.fixtures.conversation === undefined) throw new CheckSkip(s.problem ?? 'no fixture conversation');
  return ctx.env.fixtures.conversation;
}

export function chatPath(ctx: CheckContext, id: number | string): string {
  return expandPath(ctx.profile.ws.chat.path, { id });
}

export function uniqueText(tag: string): string {
  return `cc-${tag}-${randomBytes(4).toString('hex')}`;
}

/** A conversation of its own for a check that writes: the operator opens one for the patient (D-medmapp-01). */
export async function freshConversation(ctx: CheckContext, title = `chatconform ${ctx.check.id}`): Promise<number | string> {
  const patientId = state(ctx).patientId;
  if (patientId === undefined) throw new CheckSkip(state(ctx).problem ?? 'patient id unknown: give users.patient.id in the target file');
  const res = await ctx.rest('conversations.create', { role: 'operator', json: { patient: patientId, title } });
  const id = (res.json as Json | undefined)?.id;
  if (res.status >= 300 || (typeof id !== 'number' && typeof id !== 'string')) {
    fail({
      expected: ['POST /api/conversations/ by the operator creates a conversation (201 with an id), so that this check has a room of its own'],
      observed: `HTTP ${res.status}: ${res.text.slice(0, 200)}`,
      reason: `could not create a conversation to test in (HTTP ${res.status}); see medmapp-rest-02`,
    });
  }
  return id;
}

/** Opens the chat socket of `conversation` as `role`, failing the check unless it is accepted. */
export async function openChat(ctx: CheckContext, role: string, conversation: number | string, label = role): Promise<WsProbe> {
  const probe = await ctx.ws(chatPath(ctx, conversation), { role, label });
  expectOpen(ctx, probe, `${label} joining conversation ${conversation}`);
  return probe;
}

/** A fresh conversation with the patient and the operator both connected to it. */
export async function connectedPair(ctx: CheckContext): Promise<{ id: number | string; patient: WsProbe; operator: WsProbe }> {
  const id = await freshConversation(ctx);
  const [patient, operator] = await Promise.all([openChat(ctx, 'patient', id), openChat(ctx, 'operator', id)]);
  return { id, patient, operator };
}

export const frameType = (f: Frame): unknown => (f.json as Json | undefined)?.type;
export const isChat = (f: Frame): boolean => frameType(f) === 'chat_message';
export const isChatWith = (content: string) => (f: Frame): boolean => isChat(f) && (f.json as Json).data?.content === content;
export const isChatContaining = (text: string) => (f: Frame): boolean => isChat(f) && String((f.json as Json).data?.content ?? '').includes(text);
/** An error frame as §3.3/§3.5 show it: anything carrying a string `error`. */
export const isError = (f: Frame): boolean => typeof (f.json as Json | undefined)?.error === 'string';
export const isRateLimited = (f: Frame): boolean => isError(f) && (f.json as Json).code === 'RATE_LIMIT_EXCEEDED';

export function data(f: Frame): Json {
  return ((f.json as Json)?.data ?? {}) as Json;
}

/** Reads every message of a conversation, page by page (bounded). */
export async function readHistory(ctx: CheckContext, role: string, conversation: number | string, maxPages = 20): Promise<Json[]> {
  const all: Json[] = [];
  for (let page = 1; page <= maxPages; page++) {
    const res = await ctx.rest('messages.list', { role, params: { id: conversation }, query: { page } });
    if (res.status === 404 && page > 1) break;
    const body = res.json as Json | undefined;
    if (res.status !== 200 || !Array.isArray(body?.results)) {
      fail({ expected: ['HTTP 200 with a page of messages'], observed: `HTTP ${res.status}: ${res.text.slice(0, 200)}`, reason: `history page ${page} of conversation ${conversation} could not be read` });
    }
    all.push(...body.results);
    if (!body.next) break;
  }
  return all;
}

/** Django's escape(): what §6 "XSS Protection" turns markup into. */
export function unescapeHtml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, '&');
}

/** The socket a check opened, for the reproduction lines: as `role` (`?token=$ROLE_TOKEN`), with `literal` (a made-up token), or with none (null). */
export function wscatLine(ctx: CheckContext, path: string, role: string | null = 'patient', literal?: string): WsStep {
  const param = ctx.profile.auth.ws.find((c) => c.in === 'query')?.name ?? 'token';
  const token = literal ?? (role ? tokenVar(role) : undefined);
  return { kind: 'ws', path: token === undefined ? path : `${path}?${param}=${token}` };
}

/** A request a check made, for the reproduction lines; `role` sends its token as a Bearer header. */
export function curlLine(ctx: CheckContext, method: string, path: string, role?: string, body: Pick<HttpStep, 'json' | 'form'> = {}): HttpStep {
  return { kind: 'http', method, path, ...(role ? { role } : {}), ...body };
}
