// What the Medmapp checks share: resolving the fixture conversation and participant ids once, fresh
// conversations for checks that write (so concurrent checks never see each other's messages), and
// frame predicates.
import type { Json } from '../../core/json.ts';
import { CheckBlocked } from '../../harness/check.ts';
import { shapeBody } from '../../client/endpoints.ts';
import type { CheckContext, RunEnv } from '../../harness/context.ts';
import { httpExchange } from '../../client/http.ts';
import { Transcript } from '../../client/transcript.ts';
import { expectOpen, fail } from '../../harness/verify.ts';
import type { Frame, WsProbe } from '../../client/ws.ts';
import { chatPath } from '../support.ts';

export interface MedmappState {
  patientId?: number;
  operatorId?: number;
  /** the conversation pagination fills once for the run (pagination.ts) */
  paged?: Promise<number | string>;
}

export type Ctx = CheckContext<MedmappState>;

/** Every item of a DRF page envelope, following `next` (bounded): a list with more pages is read whole. */
export async function walkPages(env: RunEnv, first: { path: string; token: string }, transcript: Transcript | undefined, maxPages = 20): Promise<{ items: Json[]; status: number; error?: string }> {
  const items: Json[] = [];
  let path: string | undefined = first.path;
  for (let n = 0; path && n < maxPages; n++) {
    const res = await httpExchange(env.target.baseUrl, { method: 'GET', path, token: first.token }, env.timeoutMs, transcript);
    const body = res.json as Json | undefined;
    if (res.status !== 200 || !Array.isArray(body?.results)) return { items, status: res.status, error: `GET ${path} answered ${res.status}: ${res.text.slice(0, 120)}` };
    items.push(...body.results);
    path = typeof body.next === 'string' && body.next ? new URL(body.next, `${env.target.baseUrl}/`).toString() : undefined;
  }
  return { items, status: 200 };
}

/** The conversation list of `role`, every page of it. */
export async function listConversations(ctx: CheckContext, role: string): Promise<Json[]> {
  const ep = ctx.env.endpoints.resolve('conversations.list');
  const got = await walkPages(ctx.env, { path: ep.path, token: ctx.token(role) }, ctx.transcript);
  if (got.error) fail({ expected: ['HTTP 200 with {"count", "results"} on every page'], observed: got.error, reason: `the ${role}'s conversation list could not be read` });
  return got.items;
}

const FIXTURE_TITLE = 'the fixture conversation between patient and operator';

export async function prepare(env: RunEnv): Promise<MedmappState> {
  const state: MedmappState = {};
  const patient = env.sessions.get('patient');
  const operator = env.sessions.get('operator');
  state.patientId = typeof patient?.id === 'number' ? patient.id : undefined;
  state.operatorId = typeof operator?.id === 'number' ? operator.id : undefined;
  const fixture = new Transcript(env.redactor);
  const problem = (why: string) => env.prereqs.record('fixture:conversation', FIXTURE_TITLE, 'failed', why, fixture);
  if (!patient?.token) {
    if (env.fixtures.conversation === undefined) problem('the patient could not log in, so their conversations cannot be listed (see login:patient)');
    return state;
  }
  try {
    const got = await walkPages(env, { path: env.endpoints.resolve('conversations.list').path, token: patient.token }, fixture);
    const wanted = env.fixtures.conversation;
    const conv = got.items.find((c) => (wanted !== undefined ? String(c.id) === String(wanted) : c?.operator && typeof c.operator === 'object'));
    if (conv) {
      env.fixtures.conversation ??= conv.id;
      state.patientId ??= conv.patient?.id;
      state.operatorId ??= conv.operator?.id;
      env.prereqs.record('fixture:conversation', FIXTURE_TITLE, 'ok', `conversation ${conv.id}`, fixture);
    } else if (wanted === undefined) {
      problem(got.error ?? `the patient's ${got.items.length} conversation(s) include none with an operator: add "fixtures": {"conversation": <id>} to the target file`);
    }
  } catch (err) {
    if (env.fixtures.conversation === undefined) problem(`listing the patient's conversations failed: ${(err as Error).message}`);
  }
  if (env.fixtures.conversation !== undefined && !env.prereqs.get('fixture:conversation')) env.prereqs.record('fixture:conversation', FIXTURE_TITLE, 'ok', `conversation ${env.fixtures.conversation} (target file)`, fixture);
  return state;
}

export function fixtureConversation(ctx: CheckContext): number | string {
  return ctx.fixture('conversation');
}

/** POSTs one conversation for the patient as the operator (D-medmapp-01); the id, or an Error saying why not. */
async function createConversation(ctx: Ctx, title: string, transcript = ctx.transcript): Promise<number | string> {
  const patientId = ctx.state.patientId;
  if (patientId === undefined) throw new Error('the patient\'s id is unknown: give users.patient.id in the target file');
  const ep = ctx.env.endpoints.resolve('conversations.create');
  const res = await httpExchange(ctx.env.target.baseUrl, { method: ep.method, path: ep.path, token: ctx.token('operator'), json: shapeBody(ep, { patient: patientId, title }, (ref) => ctx.lookup(ref)) }, ctx.timeoutMs, transcript);
  const id = (res.json as Json | undefined)?.id;
  if (res.status < 200 || res.status >= 300 || (typeof id !== 'number' && typeof id !== 'string')) {
    throw new Error(`${ep.method} ${ep.path} as the operator answered ${res.status}${res.text ? `: ${res.text.slice(0, 160)}` : ''}`);
  }
  return id;
}

const freshProbe = new WeakMap<RunEnv, Promise<number | string | undefined>>();

/**
 * A conversation of its own for a check that writes, so concurrent checks never see each other's
 * messages. The first creation is tried once for the run (prerequisite fresh:conversation); when the
 * server refuses it (a field it needs, one conversation per pair), writing checks use the fixture
 * conversation instead and keep apart by their unique texts.
 */
export async function freshConversation(ctx: Ctx, title = `chatconform ${ctx.check.id}`): Promise<number | string> {
  let probe = freshProbe.get(ctx.env);
  const mine = !probe;
  if (!probe) {
    probe = ctx.env.prereqs.once('fresh:conversation', 'create a conversation of its own for each writing check', (t) => createConversation(ctx, title, t)).catch(() => undefined);
    freshProbe.set(ctx.env, probe);
  }
  const first = await probe;
  if (first === undefined) {
    if (ctx.env.fixtures.conversation === undefined) ctx.env.prereqs.block('fresh:conversation');
    ctx.note(`the server created no conversation (prerequisite fresh:conversation): using the fixture conversation ${ctx.env.fixtures.conversation}`);
    return ctx.env.fixtures.conversation;
  }
  if (mine) return first;
  try {
    return await createConversation(ctx, title);
  } catch (err) {
    ctx.note(`${(err as Error).message}: using the fixture conversation`);
    return fixtureConversation(ctx);
  }
}

/** Opens the chat socket of `conversation` as `role`, failing the check unless it is accepted. */
export async function openChat(ctx: CheckContext, role: string, conversation: number | string, label = role): Promise<WsProbe> {
  const probe = await ctx.ws(chatPath(ctx, conversation), { role, label });
  expectOpen(ctx, probe, `${label} joining conversation ${conversation}`);
  return probe;
}

/** A fresh conversation with the patient and the operator both connected to it. */
export async function connectedPair(ctx: Ctx): Promise<{ id: number | string; patient: WsProbe; operator: WsProbe }> {
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

/**
 * Reads every message of a conversation, page by page (bounded). A check whose subject is not history
 * itself passes `blockedBy`: unreadable history then blocks it, naming the check that tests history.
 */
export async function readHistory(ctx: CheckContext, role: string, conversation: number | string, maxPages = 20, blockedBy?: string): Promise<Json[]> {
  const all: Json[] = [];
  for (let page = 1; page <= maxPages; page++) {
    const res = await ctx.rest('messages.list', { role, params: { id: conversation }, query: { page } });
    if (res.status === 404 && page > 1) break;
    const body = res.json as Json | undefined;
    if (res.status !== 200 || !Array.isArray(body?.results)) {
      if (blockedBy) throw new CheckBlocked({ kind: 'check', id: blockedBy, reason: `history page ${page} of conversation ${conversation} could not be read (HTTP ${res.status})` });
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
