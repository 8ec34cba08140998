// Fiko's fault switches (document 001): each turns off exactly one promise, so that every check can be
// shown to fail. An entry says where it is applied (its seam) and what it changes there. Names and check
// ids are a contract with the suites: never rename one (an alias keeps an old name working), only add.
// Fiko's own close code is 1008, so its wrong-code faults name codes of their own (not the shared 1008).
import type { FaultSpec, Json } from '../fault-spec.ts';
import { epochs, leaveSenderOut, rename, toSenderOnly } from '../fault-edits.ts';
import { FIXTURE_AGENTS } from './seed.ts';

const drop = () => undefined;
const time = (v: unknown) => Date.parse(String((v as Json | undefined)?.updated_at ?? ''));
const agent = ({ sc }: { sc: { store: { getUser(id: number): Promise<unknown> } } }) => sc.store.getUser(FIXTURE_AGENTS[0]!.id);

export const FIKO_FAULTS = [
  { name: 'jwt-signature-not-verified', breaks: 'JWT signatures are not checked on either socket', check: 'fiko-auth-01', seam: 'auth', auth: { accept: 'unsigned' } },
  { name: 'expired-token-accepted', breaks: 'JWT `exp` is ignored', check: 'fiko-auth-02', seam: 'auth', auth: { accept: 'expired' } },
  { name: 'ws-no-token-accepted', breaks: 'a socket without `?token=` is let in as the fixture agent', check: 'fiko-auth-03', seam: 'admit', waive: { reason: 'ws-no-token', as: agent } },
  { name: 'refresh-token-accepted', breaks: 'a refresh token opens both sockets like an access token', check: 'fiko-auth-04', seam: 'auth', auth: { accept: 'refresh' } },
  { name: 'ws-bad-token-wrong-code', breaks: 'an invalid token closes 4001 instead of 1008', check: 'fiko-close-04', seam: 'admit', admit: { reason: 'ws-bad-token', code: 'TOKEN_INVALID', close: 4001 } },
  { name: 'ws-no-token-wrong-code', breaks: 'a socket without a token closes 4001 instead of 1008', check: 'fiko-close-01', seam: 'admit', admit: { reason: 'ws-no-token', close: 4001 } },
  { name: 'ws-reject-handshake-403', breaks: 'refused sockets get HTTP 403 instead of accept-then-close', check: 'fiko-close-04', seam: 'admit', admit: { handshake: 403 } },
  { name: 'ws-forbidden-wrong-code', breaks: "another agent's conversation closes 4003 instead of 1008", check: 'fiko-close-02', seam: 'admit', admit: { code: 'FORBIDDEN_ROOM', close: 4003 } },
  { name: 'ws-unknown-room-wrong-code', breaks: 'a conversation that does not exist closes 4004 instead of 1008', check: 'fiko-close-03', seam: 'admit', admit: { reason: 'ws-unknown-room', close: 4004 } },
  { name: 'list-shows-all-rooms', breaks: "conversations_list lists every agent's conversations", check: 'fiko-access-01', seam: 'read', read: { 'room-list.member': () => undefined } },
  { name: 'ws-no-participant-check', breaks: "any agent's token opens any conversation's chat socket", check: 'fiko-access-02', seam: 'admit', waive: { reason: 'ws-not-participant' } },
  { name: 'timestamps-not-iso', breaks: 'created_at/updated_at are sent as epoch seconds (numbers)', check: 'fiko-list-01', seam: 'frame', frame: { kind: 'list', edit: epochs } },
  {
    name: 'refresh-conversations-ignored', breaks: '`refresh_conversations` gets no conversations_list', check: 'fiko-list-02', seam: 'frame',
    frame: { kind: 'list', edit: (f, ctx) => (ctx.trigger === 'refresh_conversations' ? undefined : f) },
  },
  {
    name: 'conversations-oldest-first', breaks: 'conversations_list is ordered by updated_at ascending', check: 'fiko-list-03', seam: 'frame',
    frame: { kind: 'list', edit: (f) => ({ ...f, conversations: [...((f.conversations as Json[]) ?? [])].sort((a, b) => time(a) - time(b)) }) },
  },
  { name: 'no-recent-messages', breaks: 'the chat socket sends no recent_messages on connect', check: 'fiko-chat-09', seam: 'frame', frame: { kind: 'history', edit: drop } },
  {
    name: 'recent-newest-first', breaks: 'recent_messages lists the newest message first', check: 'fiko-chat-02', seam: 'frame',
    frame: { kind: 'history', edit: (f) => ({ ...f, messages: [...((f.messages as Json[]) ?? [])].reverse() }) },
  },
  { name: 'messages-not-delivered', breaks: "an agent's message is stored but sent to no socket", check: 'fiko-chat-07', seam: 'deliver', deliver: () => undefined },
  { name: 'no-broadcast-to-peer', breaks: "an agent's message goes only to the sending socket", check: 'fiko-chat-03', seam: 'deliver', deliver: toSenderOnly },
  { name: 'no-echo-to-sender', breaks: 'an agent\'s message goes to every socket of the conversation but the sender\'s', check: 'fiko-chat-04', seam: 'deliver', deliver: leaveSenderOut },
  { name: 'messages-not-persisted', breaks: 'messages are broadcast but not stored (absent from recent_messages)', check: 'fiko-chat-05', seam: 'write', write: { message: async () => undefined } },
  { name: 'typing-not-relayed', breaks: '`typing` reaches no other socket', check: 'fiko-chat-08', seam: 'frame', frame: { kind: 'typing', edit: drop } },
  { name: 'no-messages-read', breaks: '`mark_read` broadcasts no messages_read', check: 'fiko-read-03', seam: 'frame', frame: { kind: 'read', edit: drop } },
  { name: 'mark-read-not-stored', breaks: '`mark_read` leaves unread_count as it was', check: 'fiko-read-02', seam: 'write', write: { 'mark-read': async () => 0 } },
  { name: 'no-presence', breaks: 'no user_presence frames are sent', check: 'fiko-presence-02', seam: 'frame', frame: { kind: 'presence', edit: drop } },
  { name: 'empty-message-accepted', breaks: 'an empty or whitespace `content` is stored and broadcast', check: 'fiko-err-01', seam: 'valid', valid: { rule: 'message-not-empty', verdict: true } },
  { name: 'invalid-json-ignored', breaks: 'invalid JSON gets no error frame', check: 'fiko-err-02', seam: 'frame', frame: { kind: 'error', code: 'INVALID_JSON', edit: drop } },
  {
    name: 'unknown-type-ignored', breaks: 'a frame of an unknown `type` gets no error frame', check: 'fiko-err-03', seam: 'frame',
    frame: { kind: 'error', code: 'UNSUPPORTED_TYPE', edit: (f, ctx) => (ctx.foreign ? f : undefined) },
  },
  {
    name: 'other-socket-frame-ignored', breaks: 'a frame meant for the other socket gets no error frame', check: 'fiko-err-04', seam: 'frame',
    frame: { kind: 'error', code: 'UNSUPPORTED_TYPE', edit: (f, ctx) => (ctx.foreign ? undefined : f) },
  },
  { name: 'wrong-field-type-accepted', breaks: '`{"content": 123}` is stored as "123"', check: 'fiko-err-05', seam: 'valid', valid: { rule: 'message-type', verdict: true } },
  { name: 'close-after-error', breaks: 'the socket is closed (4000) after any error frame', check: 'fiko-err-06', seam: 'frame', frame: { kind: 'error', close: true } },
  { name: 'error-frame-detail-key', breaks: 'error frames carry `detail` instead of `error`', check: 'fiko-err-07', seam: 'frame', frame: { kind: 'error', edit: (f) => rename(f, 'error', 'detail') } },
  { name: 'no-new-customer-message', breaks: "a customer's message sends no new_customer_message to the agent's list sockets", check: 'fiko-notify-04', seam: 'frame', frame: { kind: 'notify', edit: drop } },
  {
    name: 'customer-message-not-broadcast', breaks: "a customer's message reaches no chat socket", check: 'fiko-notify-02', seam: 'frame',
    frame: { kind: 'chat', edit: (f, ctx) => (ctx.from === 'customer' ? undefined : f) },
  },
  { name: 'no-conversation-updated', breaks: 'no conversation_updated after a stored message or mark_read', check: 'fiko-notify-03', seam: 'frame', frame: { kind: 'updated', edit: drop } },
  {
    name: 'recent-messages-renamed', breaks: 'the chat socket\'s first frame is {"type": "history", …}, recent_messages under another name', check: 'fiko-chat-01', seam: 'frame',
    frame: { kind: 'history', edit: (f) => ({ ...f, type: 'history' }) },
  },
  { name: 'typing-indicator-wrong-conversation', breaks: 'typing_indicator names another conversation', check: 'fiko-chat-06', seam: 'frame', frame: { kind: 'typing', edit: (f) => ({ ...f, conversation_id: 'conv_0' }) } },
  { name: 'messages-read-wrong-user', breaks: 'messages_read names user 0, not the reader', check: 'fiko-read-01', seam: 'frame', frame: { kind: 'read', edit: (f) => ({ ...f, user_id: 0 }) } },
  { name: 'no-offline-presence', breaks: 'a user\'s last socket closing is not told (no user_presence is_online false)', check: 'fiko-presence-01', seam: 'frame', frame: { kind: 'presence', edit: (f) => (f.is_online === false ? undefined : f) } },
  { name: 'empty-message-other-text', breaks: 'empty content is answered with the error "Empty message", a text handleError does not know', check: 'fiko-err-08', seam: 'frame', frame: { kind: 'error', code: 'EMPTY_MESSAGE', edit: (f) => ({ ...f, error: 'Empty message' }) } },
  {
    name: 'new-customer-message-not-customer', breaks: 'new_customer_message carries the message as type "support"', check: 'fiko-notify-01', seam: 'frame',
    frame: { kind: 'notify', edit: (f) => ({ ...f, message: { ...((f.message as Json) ?? {}), type: 'support' } }) },
  },
] as const satisfies readonly FaultSpec[];

export type FikoFault = (typeof FIKO_FAULTS)[number]['name'];
