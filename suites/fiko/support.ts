// What the Fiko checks share (document 001): the two sockets of an agent (the conversation list and the
// chat of one conversation), frame predicates by `type`, the list and recent messages as a client reads
// them. Fiko has no way to create a conversation, so writing checks use the fixture conversation and tell
// their own messages apart by unique texts.
import type { Json } from '../../core/json.ts';
import { expandPath } from '../../core/profiles.ts';
import { CheckBlocked } from '../../harness/check.ts';
import { sessionUserId, type CheckContext } from '../../harness/context.ts';
import { expectDenied, expectFrame, expectOpen } from '../../harness/verify.ts';
import type { Frame, WsProbe } from '../../client/ws.ts';
import { chatPath } from '../support.ts';

export type Ctx = CheckContext;

const json = (f: Frame) => f.json as Json | undefined;
/** A frame whose `type` is `type` (D-fiko-05: every frame carries one). */
export const isType = (type: string) => (f: Frame): boolean => json(f)?.type === type;
export const isError = isType('error');
export const isChatMessage = isType('chat_message');
/** The chat_message of exactly `text`. */
export const chatMessageWith = (text: string) => (f: Frame): boolean => isChatMessage(f) && (json(f)?.message as Json | undefined)?.content === text;

export const listPath = (ctx: CheckContext): string => expandPath(ctx.profile.ws.conversations.path, {});

export function fixtureConversation(ctx: CheckContext): string {
  return String(ctx.fixture('conversation'));
}

/** A conversation id no server has (ids are opaque strings, D-fiko-11). */
export const MISSING_CONVERSATION = 'conv_chatconform_missing_0';

/** A role's user id (D-fiko-11: an integer): the target's `id`, else the access token's `user_id`. */
export function userIdOf(ctx: CheckContext, role: string): number | string | undefined {
  return sessionUserId(ctx.env, role);
}

/** The target file has a user for `role` (the colleague is optional). */
export const hasRole = (ctx: CheckContext, role: string): boolean => Boolean(ctx.env.sessions.get(role)?.token);

/**
 * The conversation's sockets other than the agent's first: the agent's second, and the colleague's when the
 * target file has one. Who of them hears an event is a decision; that one of them does is the document's.
 */
export async function otherSockets(ctx: CheckContext, conversation: string): Promise<{ probe: WsProbe; label: string }[]> {
  const others = [{ probe: await openChat(ctx, conversation, 'agent', 'agent chat #2'), label: "the agent's second chat socket" }];
  if (hasRole(ctx, 'colleague')) others.push({ probe: await openChat(ctx, conversation, 'colleague', 'colleague chat'), label: "the colleague's chat socket" });
  return others;
}

/** The list socket `/ws/conversations/?token=` of `role` (or with `token`; null sends none). */
export function listSocket(ctx: CheckContext, opts: { role?: string; token?: string | null; label?: string; reuse?: boolean } = {}): Promise<WsProbe> {
  return ctx.ws(listPath(ctx), { ...opts, label: opts.label ?? `${opts.role ?? 'anonymous'} list` });
}

/** An open list socket of `role`; under a stated connection limit, one another check left open may be handed over. */
export async function openList(ctx: CheckContext, role = 'agent', label = `${role} list`): Promise<WsProbe> {
  const probe = await listSocket(ctx, { role, label, reuse: true });
  expectOpen(ctx, probe, `the ${label} socket`);
  return probe;
}

export function chatSocket(ctx: CheckContext, conversation: string, opts: { role?: string; token?: string | null; label?: string; reuse?: boolean } = {}): Promise<WsProbe> {
  return ctx.ws(chatPath(ctx, conversation), { ...opts, label: opts.label ?? `${opts.role ?? 'anonymous'} chat` });
}

/**
 * The chat socket of `role` to `conversation`, open, after its recent_messages (D-fiko-06) or a few round
 * trips without one: what a client waits for before it talks. Under a stated connection limit, one another
 * check left open may be handed over (its greeting came long ago).
 */
export async function openChat(ctx: CheckContext, conversation: string, role = 'agent', label = `${role} chat`): Promise<WsProbe> {
  const probe = await chatSocket(ctx, conversation, { role, label, reuse: true });
  expectOpen(ctx, probe, `the ${label} socket to conversation ${conversation}`);
  if (!probe.handedOver) await probe.nextFrame(isType('recent_messages'), ctx.quietMs);
  return probe;
}

/** Sends `get_conversations` (or `refresh_conversations`) and returns the conversations_list answering it. */
export async function conversationsList(ctx: CheckContext, probe: WsProbe, type = 'get_conversations', what = `the conversations_list answering ${type}`): Promise<Json> {
  probe.send({ type });
  const frame = await expectFrame(ctx, probe, isType('conversations_list'), what);
  return frame.json as Json;
}

/** The conversations of a list frame. */
export const conversationsOf = (list: Json): Json[] => (Array.isArray(list.conversations) ? (list.conversations as Json[]) : []);

/** The conversation `id` of a list, or undefined. */
export const conversationIn = (list: Json, id: string): Json | undefined => conversationsOf(list).find((c) => String(c.id) === id);

/**
 * The messages of `conversation` as a new chat socket of the agent gets them in recent_messages. A check
 * whose subject is not recent_messages passes `blockedBy`: none arriving then blocks it instead of failing.
 */
export async function recentMessages(ctx: CheckContext, conversation: string, blockedBy?: string): Promise<Json[]> {
  const probe = await chatSocket(ctx, conversation, { role: 'agent', label: 'agent (reading recent_messages)' });
  expectOpen(ctx, probe, `a new agent chat socket to conversation ${conversation}`);
  const what = `recent_messages on a new chat socket to conversation ${conversation}`;
  const frame = blockedBy ? await probe.nextFrame(isType('recent_messages'), ctx.timeoutMs) : await expectFrame(ctx, probe, isType('recent_messages'), what);
  probe.close();
  if (!frame) throw new CheckBlocked({ kind: 'check', id: blockedBy!, reason: `no ${what} within ${ctx.timeoutMs} ms` });
  const messages = (frame!.json as Json).messages;
  return Array.isArray(messages) ? (messages as Json[]) : [];
}

/** `token` is refused on both sockets: closed (or refused) before any frame (001 §Authentication). */
export async function refusedOnBoth(ctx: CheckContext, token: string | null, what: string): Promise<void> {
  await expectDenied(ctx, await listSocket(ctx, { token, label: 'list' }), `the list socket with ${what}`);
  await expectDenied(ctx, await chatSocket(ctx, fixtureConversation(ctx), { token, label: 'chat' }), `the chat socket with ${what}`);
}

/**
 * A customer writes into `conversation` on Telegram or Instagram (D-fiko-13), through the target file's
 * customerMessage hook: skipped without one, blocked by `hook:customerMessage` when it fails.
 */
export function customerWrites(ctx: CheckContext, conversation: string, text: string): Promise<void> {
  return ctx.hook('customerMessage', { conversation, text });
}
