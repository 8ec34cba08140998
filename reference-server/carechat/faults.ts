// The care chat's fault switches (document 002): each turns off exactly one promise, so that every check
// can be shown to fail. An entry says where it is applied (its seam) and what it changes there. Names and
// check ids are a contract with the suites: never rename one (an alias keeps an old name working), only add.
import { randomUUID } from 'node:crypto';
import type { FaultSpec, Json } from '../fault-spec.ts';
import { editBody, epochs, htmlErrors, leaveSenderOut, rename, toSenderOnly } from '../fault-edits.ts';
import type { RoomRecord } from '../store.ts';
import { FIXTURE_USERS } from './seed.ts';

const CHAT = 'carechat/chat-create-response';
const drop = () => undefined;
/** A broadcast's `message` object, edited. */
const inner = (edit: (m: Json) => Json) => (f: Json): Json => ({ ...f, message: edit({ ...(f.message as Json) }) });

export const CARECHAT_FAULTS = [
  // §Authentication: each method alone, and the choice between them
  { name: 'query-token-ignored', breaks: 'a token in `?token=` is not read (the Authorization header still works)', check: 'carechat-auth-01', seam: 'read', read: { 'ws.query-token': () => null } },
  { name: 'header-token-ignored', breaks: 'a token in the upgrade\'s `Authorization: Bearer` header is not read (`?token=` still works)', check: 'carechat-auth-02', seam: 'read', read: { 'ws.header-token': () => null } },
  { name: 'header-preferred', breaks: 'with both a `?token=` and an Authorization header, the header\'s token is used', check: 'carechat-auth-03', seam: 'read', read: { 'ws.prefer-header': () => true } },
  { name: 'login-no-refresh', breaks: '/api/token/ omits `refresh`', check: 'carechat-auth-04', seam: 'auth', auth: { issue: ({ access }) => ({ access }) } },
  { name: 'login-any-password', breaks: 'a wrong password still gets tokens', check: 'carechat-auth-05', seam: 'auth', waive: { reason: 'wrong-password' } },
  { name: 'refresh-endpoint-missing', breaks: '/api/token/refresh/ answers 404', check: 'carechat-auth-06', seam: 'reply', reply: { schema: 'carechat/token-refresh-response', fail: 'NOT_FOUND' } },
  { name: 'refresh-token-accepted', breaks: 'a refresh token opens the socket like an access token', check: 'carechat-auth-07', seam: 'auth', auth: { accept: 'refresh' } },
  { name: 'expired-token-accepted', breaks: 'JWT `exp` is ignored', check: 'carechat-auth-08', seam: 'auth', auth: { accept: 'expired' } },
  { name: 'jwt-signature-not-verified', breaks: 'JWT signatures are not checked', check: 'carechat-auth-09', seam: 'auth', auth: { accept: 'unsigned' } },
  // §Access Control
  {
    name: 'ws-no-credential-accepted', breaks: 'a socket without any token joins as the fixture patient', check: 'carechat-access-01', seam: 'admit',
    waive: { reason: 'ws-no-token', as: ({ fallback }) => fallback },
  },
  { name: 'ws-no-participant-check', breaks: 'any valid token opens any chat\'s socket', check: 'carechat-access-02', seam: 'admit', waive: { reason: 'ws-not-participant' } },
  {
    name: 'ws-unknown-chat-accepted', breaks: 'a chat id of no chat opens a socket (an empty chat)', check: 'carechat-access-03', seam: 'admit',
    waive: { reason: 'ws-chat-missing', as: ({ make }) => (make as () => RoomRecord)() },
  },
  {
    name: 'broadcast-across-chats', breaks: 'a message goes to every chat the sender takes part in', check: 'carechat-access-04', seam: 'deliver',
    deliver: async (p, { conn, sc }) => {
      const chats = await sc.store.listRooms(conn.userId);
      await Promise.all(chats.map((c) => sc.bus.publish(String(c.id), p.frame)));
    },
  },
  // §Getting a Chat ID
  { name: 'create-returns-wrong-id', breaks: 'POST /chat/chats/ answers a random `id`, not the chat\'s', check: 'carechat-chats-01', seam: 'reply', reply: { schema: CHAT, edit: (r) => editBody(r, (b) => ({ ...b, id: randomUUID() })) } },
  { name: 'create-always-new', breaks: 'every POST /chat/chats/ creates a new chat, even for a pair that has one', check: 'carechat-chats-02', seam: 'read', read: { 'chat.id': () => randomUUID() } },
  { name: 'create-status-always-201', breaks: 'POST /chat/chats/ answers 201 for an existing chat too', check: 'carechat-chats-03', seam: 'reply', reply: { schema: CHAT, edit: (r) => ({ ...r, status: 201 }) } },
  { name: 'create-status-always-200', breaks: 'POST /chat/chats/ answers 200 for a new chat too', check: 'carechat-chats-03', seam: 'reply', reply: { schema: CHAT, edit: (r) => ({ ...r, status: 200 }) } },
  {
    name: 'create-response-without-profiles', breaks: 'the chat answered by POST /chat/chats/ omits `patient` and `professional`', check: 'carechat-chats-04', seam: 'reply',
    reply: { schema: CHAT, edit: (r) => editBody(r, ({ patient: _p, professional: _r, ...rest }) => rest) },
  },
  { name: 'create-both-keys-accepted', breaks: 'a body with both `professional` and `patient` creates a chat', check: 'carechat-chats-05', seam: 'valid', valid: { rule: 'chat-one-side', verdict: true } },
  { name: 'create-self-chat-accepted', breaks: 'a multi-profile user may create a chat with themselves', check: 'carechat-chats-05', seam: 'valid', valid: { rule: 'chat-two-users', verdict: true } },
  { name: 'create-unknown-profile-accepted', breaks: 'a `professional` id of no profile creates a chat', check: 'carechat-chats-05', seam: 'valid', valid: { rule: 'chat-profile-exists', verdict: true } },
  {
    name: 'create-no-auth', breaks: 'POST /chat/chats/ without a token creates a chat for the fixture patient', check: 'carechat-chats-06', seam: 'auth',
    waive: { reason: 'rest-no-credential', as: ({ sc }) => sc.store.getUser(FIXTURE_USERS[0]!.id) },
  },
  { name: 'rest-errors-not-json', breaks: '400/401 bodies are text/html, not DRF JSON', check: 'carechat-chats-07', seam: 'reply', reply: { error: htmlErrors } },
  // §Receiving Messages
  { name: 'no-broadcast-to-peer', breaks: 'a message goes only to the sender\'s own socket', check: 'carechat-ws-01', seam: 'deliver', deliver: toSenderOnly },
  {
    name: 'broadcast-flat', breaks: 'the broadcast carries the message\'s fields at the top level, not under `message`', check: 'carechat-ws-01', seam: 'frame',
    frame: { kind: 'chat', edit: (f) => ({ ...(f.message as Json), type: 'chat_message' }) },
  },
  { name: 'sender-type-always-patient', breaks: '`sender_type` is "patient" for the professional\'s messages too', check: 'carechat-ws-02', seam: 'frame', frame: { kind: 'chat', edit: inner((m) => ({ ...m, sender_type: 'patient' })) } },
  { name: 'no-echo-to-sender', breaks: 'a message goes to everyone in the chat but the sender', check: 'carechat-ws-03', seam: 'deliver', deliver: leaveSenderOut },
  { name: 'timestamps-not-iso', breaks: '`created_at` is sent as epoch seconds (a number)', check: 'carechat-ws-04', seam: 'frame', frame: { kind: 'chat', edit: epochs } },
  {
    name: 'message-ids-repeat', breaks: 'every message of a chat carries the same id', check: 'carechat-ws-04', seam: 'frame',
    frame: { kind: 'chat', edit: (f, { chat }) => inner((m) => ({ ...m, id: String((chat as RoomRecord).id) }))(f) },
  },
  { name: 'html-escaped', breaks: 'content is HTML-escaped before it is stored and broadcast', check: 'carechat-ws-05', seam: 'read', read: { 'escape-html': () => true } },
  // §Error Responses
  { name: 'empty-content-accepted', breaks: 'an empty or whitespace-only content is stored and broadcast', check: 'carechat-err-01', seam: 'valid', valid: { rule: 'message-not-empty', verdict: true } },
  { name: 'invalid-json-ignored', breaks: 'invalid JSON gets no error frame', check: 'carechat-err-02', seam: 'frame', frame: { kind: 'error', code: 'INVALID_JSON', edit: drop } },
  { name: 'close-after-error', breaks: 'the socket is closed (4000) after any error frame', check: 'carechat-err-03', seam: 'frame', frame: { kind: 'error', close: true } },
  {
    name: 'error-texts-changed', breaks: 'error frames say "Bad request" instead of the documented texts', check: 'carechat-err-04', seam: 'frame',
    frame: { kind: 'error', edit: (f) => ('error' in f ? { ...f, error: 'Bad request' } : f) },
  },
  { name: 'error-frame-detail-key', breaks: 'error frames carry `detail` instead of `error`', check: 'carechat-err-05', seam: 'frame', frame: { kind: 'error', edit: (f) => rename(f, 'error', 'detail') } },
  // §Multi-Profile Users
  { name: 'auto-role-always-professional', breaks: 'a user holding both profiles sends as professional wherever they are', check: 'carechat-roles-01', seam: 'read', read: { 'role.auto': (side, { both }) => (both ? 'professional' : side) } },
  { name: 'auto-role-always-patient', breaks: 'a user holding both profiles sends as patient wherever they are', check: 'carechat-roles-02', seam: 'read', read: { 'role.auto': (side, { both }) => (both ? 'patient' : side) } },
  { name: 'explicit-role-refused', breaks: 'any message with a `role` is refused, even the sender\'s own role', check: 'carechat-roles-03', seam: 'valid', valid: { rule: 'role-explicit', verdict: false } },
  { name: 'provider-role-refused', breaks: '`role: "provider"` is refused', check: 'carechat-roles-04', seam: 'valid', valid: { rule: 'role-provider-alias', verdict: false } },
  {
    name: 'provider-as-sender-type', breaks: 'a message sent with `role: "provider"` is broadcast with `sender_type: "provider"`', check: 'carechat-roles-04', seam: 'frame',
    frame: { kind: 'chat', edit: (f, { role }) => (role === 'provider' ? inner((m) => ({ ...m, sender_type: 'provider' }))(f) : f) },
  },
  { name: 'wrong-role-accepted', breaks: 'a role the sender does not hold in the chat is stored and broadcast as that role', check: 'carechat-roles-05', seam: 'valid', valid: { rule: 'role-matches-chat', verdict: true } },
  { name: 'unknown-role-accepted', breaks: 'a `role` other than patient/professional/provider is ignored and the message sent', check: 'carechat-roles-05', seam: 'valid', valid: { rule: 'role-known', verdict: true } },
  { name: 'wrong-role-silent', breaks: 'a refused role gets no error frame', check: 'carechat-roles-06', seam: 'frame', frame: { kind: 'error', code: 'INVALID_MESSAGE', edit: drop } },
  // §Rate Limiting
  { name: 'rate-limit-below-recommended', breaks: 'one message per 3 seconds per connection: messages sent at the recommended once a second are refused', check: 'carechat-rate-01', seam: 'read', read: { 'rate-limit': () => ({ limit: 1, windowMs: 3000 }) } },
  // the socket's close codes (D-carechat-08)
  { name: 'ws-no-credential-wrong-code', breaks: 'a socket without a token closes 1008 instead of 4001', check: 'carechat-close-01', seam: 'admit', admit: { reason: 'ws-no-token', close: 1008 } },
  { name: 'ws-reject-handshake-403', breaks: 'refused sockets get HTTP 403 instead of accept-then-close', check: 'carechat-close-01', seam: 'admit', admit: { handshake: 403 } },
  { name: 'ws-bad-token-wrong-code', breaks: 'an invalid JWT closes 4003 instead of 4001', check: 'carechat-close-02', seam: 'admit', admit: { reason: 'ws-bad-token', code: 'TOKEN_INVALID', close: 4003 } },
  { name: 'ws-forbidden-wrong-code', breaks: 'a valid token of a user outside the chat closes 4001 instead of 4003', check: 'carechat-close-03', seam: 'admit', admit: { code: 'FORBIDDEN_ROOM', close: 4001 } },
  { name: 'ws-unknown-room-wrong-code', breaks: 'an unknown chat closes 4004 instead of 4003', check: 'carechat-close-04', seam: 'admit', admit: { reason: 'ws-chat-missing', close: 4004 } },
  { name: 'ws-malformed-id-wrong-code', breaks: 'a chat_id that is not a UUID closes 4500 instead of 4000', check: 'carechat-close-05', seam: 'admit', admit: { reason: 'ws-bad-path', close: 4500 } },
] as const satisfies readonly FaultSpec[];

export type CarechatFault = (typeof CARECHAT_FAULTS)[number]['name'];
