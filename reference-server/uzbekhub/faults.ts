// UzbekHub's fault switches (document 004, its chat): each turns off exactly one promise, so that every
// check can be shown to fail. An entry says where it is applied (its seam) and what it changes there; the
// role rules are broken by raising or dropping the caller's role for one operation (`uz.role`), the
// effects by answering success and changing nothing (`uz.effect`). Names and check ids are a contract with
// the suites: never rename one, only add.
import { randomUUID } from 'node:crypto';
import type { FaultContext, FaultSpec, Json } from '../fault-spec.ts';
import type { Reply } from '../http.ts';
import { editBody, envelope, leaveSenderOut, rename, toSenderOnly } from '../fault-edits.ts';
import type { UzRole } from './spec.ts';
import { FIXTURE_ROOM, type UzRoom } from './state.ts';
import { ACCOUNT_FAULTS } from './faults-accounts.ts';
import { SOCIAL_FAULTS } from './faults-social.ts';
import { FAMILY_FAULTS } from './family-faults.ts';

const drop = () => undefined;
/** The caller's role in one operation, raised from `from` to `to` (undefined: someone outside the room). */
const raise = (op: string, from: UzRole | undefined, to: UzRole) => (role: UzRole | undefined, ctx: FaultContext): UzRole | undefined =>
  ctx.op === op && role === from ? to : role;
/** One operation answers success and changes nothing. */
const noEffect = (op: string) => (applies: boolean, ctx: FaultContext): boolean => (ctx.op === op ? false : applies);
/** The members of a list_members body, edited: the bare array, the `members` of a wrapped one (the members-key variant), or a page's `results` (lists-paginated). */
const withMembers = (b: unknown, edit: (ms: Json[]) => Json[]): unknown =>
  Array.isArray(b) ? edit(b as Json[]) : b && typeof b === 'object' && Array.isArray((b as Json).members) ? { ...(b as Json), members: edit((b as Json).members as Json[]) } : withItems(b, edit);
/** The items of a list body edited, a plain array or a page's `results`. */
const withItems = (b: unknown, edit: (xs: Json[]) => Json[]): unknown =>
  Array.isArray(b) ? edit(b as Json[]) : b && typeof b === 'object' && Array.isArray((b as Json).results) ? { ...(b as Json), results: edit((b as Json).results as Json[]) } : b;
const errorBody = (status: number, edit: (body: Json) => unknown) => (reply: Reply): Reply => (reply.status === status ? { ...reply, body: edit((reply.body ?? {}) as Json), schema: undefined } : reply);

export const UZBEKHUB_FAULTS = [
  // §Authentication, §Accounts API 3 and 7
  {
    name: 'signin-flat-tokens', breaks: 'sign-in answers {access, refresh} at the top level instead of under `token`', check: 'uzbekhub-auth-01', seam: 'reply',
    reply: { schema: 'uzbekhub/signin-response', edit: (r) => editBody(r, (b) => ({ status: b.status, email: b.email, ...(b.token as Json) })) },
  },
  { name: 'signin-any-password', breaks: 'a wrong password still signs in', check: 'uzbekhub-auth-02', seam: 'auth', waive: { reason: 'wrong-password' } },
  { name: 'refresh-endpoint-missing', breaks: 'the refresh endpoint answers 404', check: 'uzbekhub-auth-03', seam: 'reply', reply: { schema: 'uzbekhub/token-refresh-response', fail: 'NOT_FOUND' } },
  { name: 'profile-without-id', breaks: 'my profile omits `id`', check: 'uzbekhub-auth-04', seam: 'reply', reply: { schema: 'uzbekhub/profile-response', edit: (r) => editBody(r, ({ id: _id, ...rest }) => rest) } },

  { name: 'rest-signature-not-verified', breaks: 'REST accepts a JWT whose signature was tampered with', check: 'uzbekhub-auth-06', seam: 'auth', auth: { accept: 'unsigned', where: 'rest' } },
  // §Chat API 1-6: rooms
  // A page envelope is a reading 004 allows (D-uzbekhub-48): the plain array is the SHOULD of the lists family.
  { name: 'rooms-list-paginated', breaks: 'the room list is a page envelope, not the array §1 shows', check: 'uzbekhub-plain-066', seam: 'reply', reply: { schema: 'uzbekhub/room-list-response', edit: (r) => editBody(r, envelope) } },
  {
    name: 'rooms-list-without-fixture', breaks: 'the room list leaves out the fixture room its owner is in', check: 'uzbekhub-rooms-01', seam: 'reply',
    reply: { schema: 'uzbekhub/room-list-response', edit: (r) => editBody(r, (b) => withItems(b, (rs) => rs.filter((x) => x.id !== FIXTURE_ROOM))) },
  },
  { name: 'create-room-status-200', breaks: 'creating a room answers 200, not 201', check: 'uzbekhub-rooms-02', seam: 'reply', reply: { schema: 'uzbekhub/room', edit: (r) => ({ ...r, status: 200 }) } },
  {
    name: 'owner-listed-as-admin', breaks: 'list_members shows a room\'s owner as `admin`', check: 'uzbekhub-rooms-03', seam: 'reply',
    reply: { schema: 'uzbekhub/member-list-response', edit: (r) => editBody(r, (b) => withMembers(b, (ms) => ms.map((m) => (m.role === 'owner' ? { ...m, role: 'admin' } : m)))) },
  },
  {
    name: 'private-room-named', breaks: 'a private room is answered with a name', check: 'uzbekhub-rooms-04', seam: 'reply',
    reply: { schema: 'uzbekhub/room', edit: (r) => editBody(r, (b) => (b.room_type === 'private' ? { ...b, name: 'Private chat' } : b)) },
  },
  { name: 'private-name-accepted', breaks: 'a private room with a name is created', check: 'uzbekhub-rooms-05', seam: 'valid', valid: { rule: 'uz-private-no-group-fields', verdict: true } },
  { name: 'group-without-name-accepted', breaks: 'a group room without a name is created', check: 'uzbekhub-rooms-05', seam: 'valid', valid: { rule: 'uz-group-name', verdict: true } },
  { name: 'bad-request-drf-body', breaks: '400 bodies are DRF\'s {field: [messages]}, not {error, details}', check: 'uzbekhub-rooms-06', seam: 'reply', reply: { error: errorBody(400, (b) => b.details ?? b) } },
  { name: 'room-detail-for-anyone', breaks: 'a room\'s detail is answered to someone outside it', check: 'uzbekhub-rooms-07', seam: 'read', read: { 'uz.role': raise('rooms.get', undefined, 'member') } },
  { name: 'patch-by-member', breaks: 'a plain member may PATCH the room', check: 'uzbekhub-rooms-08', seam: 'read', read: { 'uz.role': raise('rooms.update', 'member', 'admin') } },
  { name: 'delete-group-by-admin', breaks: 'an admin may DELETE a group room', check: 'uzbekhub-rooms-09', seam: 'read', read: { 'uz.role': raise('rooms.delete', 'admin', 'owner') } },
  {
    name: 'delete-private-by-creator-only', breaks: 'only the creator may DELETE a private room, not its other member', check: 'uzbekhub-rooms-10', seam: 'read',
    read: { 'uz.role': (role, { op, room }) => (op === 'rooms.delete' && (room as UzRoom).type === 'private' && role !== 'owner' ? undefined : role) },
  },
  {
    name: 'clear-answers-405', breaks: 'POST clear_messages answers 405 (as a server taking DELETE there would)', check: 'uzbekhub-rooms-12', seam: 'reply',
    reply: { schema: 'uzbekhub/ack-response', edit: (r) => ((r.body as Json | undefined)?.message === 'All messages cleared successfully' ? { ...r, status: 405, body: { detail: 'Method "POST" not allowed.' }, schema: undefined } : r) },
  },
  { name: 'clear-by-admin', breaks: 'an admin may clear a room\'s messages', check: 'uzbekhub-rooms-11', seam: 'read', read: { 'uz.role': raise('rooms.clearMessages', 'admin', 'owner') } },
  // §Chat API 7-14: members
  {
    name: 'members-list-wrapped', breaks: 'list_members answers {"members": […]} instead of the bare array §7 shows', check: 'uzbekhub-members-01', seam: 'reply',
    reply: { schema: 'uzbekhub/member-list-response', edit: (r) => editBody(r, (b) => ({ members: b })) },
  },
  { name: 'list-members-for-anyone', breaks: 'list_members is answered to someone outside the room', check: 'uzbekhub-members-09', seam: 'read', read: { 'uz.role': raise('members.list', undefined, 'member') } },
  { name: 'join-ignored', breaks: 'join answers 201 and adds nobody', check: 'uzbekhub-members-02', seam: 'read', read: { 'uz.effect': noEffect('members.join') } },
  { name: 'leave-ignored', breaks: 'leave answers 200 and the member stays', check: 'uzbekhub-members-03', seam: 'read', read: { 'uz.effect': noEffect('members.leave') } },
  { name: 'set-admin-by-admin', breaks: 'an admin may make others admin', check: 'uzbekhub-members-04', seam: 'read', read: { 'uz.role': raise('members.setAdmin', 'admin', 'owner') } },
  { name: 'remove-admin-by-admin', breaks: 'an admin may take the admin role away', check: 'uzbekhub-members-05', seam: 'read', read: { 'uz.role': raise('members.removeAdmin', 'admin', 'owner') } },
  { name: 'transfer-by-admin', breaks: 'an admin may transfer the ownership', check: 'uzbekhub-members-06', seam: 'read', read: { 'uz.role': raise('members.transferOwner', 'admin', 'owner') } },
  { name: 'add-member-by-member', breaks: 'a plain member may add members', check: 'uzbekhub-members-07', seam: 'read', read: { 'uz.role': raise('members.add', 'member', 'admin') } },
  { name: 'remove-member-by-member', breaks: 'a plain member may remove members', check: 'uzbekhub-members-08', seam: 'read', read: { 'uz.role': raise('members.remove', 'member', 'admin') } },
  // §Chat API 15-16: history
  { name: 'default-limit-20', breaks: 'list_by_room without a limit answers 20 messages, not 50', check: 'uzbekhub-history-01', seam: 'read', read: { 'uz.history.default-limit': () => 20 } },
  { name: 'history-skips-one', breaks: 'every page after the first starts one message late (a gap)', check: 'uzbekhub-history-02', seam: 'read', read: { 'uz.history.offset': (o) => (o > 0 ? o + 1 : o) } },
  {
    name: 'history-unordered', breaks: 'the first two messages of each page are swapped', check: 'uzbekhub-history-03', seam: 'reply',
    reply: { schema: 'uzbekhub/message-page-response', edit: (r) => editBody(r, (b) => ({ ...b, results: Array.isArray(b.results) && b.results.length > 1 ? [b.results[1], b.results[0], ...b.results.slice(2)] : b.results })) },
  },
  { name: 'history-for-anyone', breaks: 'list_by_room is answered to someone outside the room', check: 'uzbekhub-history-04', seam: 'read', read: { 'uz.role': raise('messages.list', undefined, 'member') } },
  { name: 'socket-messages-not-stored', breaks: 'a chat_message is broadcast but never stored', check: 'uzbekhub-history-05', seam: 'write', write: { message: async () => undefined } },
  { name: 'history-path-404', breaks: 'GET list_by_room answers 404 (as a server keeping history elsewhere would)', check: 'uzbekhub-history-07', seam: 'reply', reply: { schema: 'uzbekhub/message-page-response', fail: 'NOT_FOUND' } },
  { name: 'delete-message-by-anyone', breaks: 'any member may delete someone else\'s message', check: 'uzbekhub-history-06', seam: 'auth', waive: { reason: 'uz-not-sender' } },
  // §Chat API 17-19: files
  { name: 'upload-status-200', breaks: 'an upload answers 200, not 201', check: 'uzbekhub-files-01', seam: 'reply', reply: { schema: 'uzbekhub/file', edit: (r) => ({ ...r, status: 200 }) } },
  { name: 'upload-no-dedupe', breaks: 'the same bytes uploaded twice are two files', check: 'uzbekhub-files-02', seam: 'read', read: { 'uz.file.hash': () => randomUUID().replace(/-/g, '') } },
  { name: 'files-list-empty', breaks: 'the file list is always empty', check: 'uzbekhub-files-03', seam: 'reply', reply: { schema: 'uzbekhub/file-list-response', edit: (r) => ({ ...r, body: [] }) } },
  { name: 'file-delete-by-anyone', breaks: 'anyone may delete someone else\'s file', check: 'uzbekhub-files-04', seam: 'auth', waive: { reason: 'uz-not-file-owner' } },
  // §WebSocket Connections
  { name: 'no-broadcast-to-peer', breaks: 'a chat_message goes only to the sender\'s own socket', check: 'uzbekhub-ws-01', seam: 'deliver', deliver: toSenderOnly },
  { name: 'chat-frame-flat', breaks: 'chat_message carries the message\'s fields at the top level, not under `message`', check: 'uzbekhub-ws-02', seam: 'frame', frame: { kind: 'chat', edit: (fr) => ({ ...(fr.message as Json), type: 'chat_message' }) } },
  { name: 'no-echo-to-sender', breaks: 'a chat_message goes to everyone in the room but the sender', check: 'uzbekhub-ws-03', seam: 'deliver', deliver: leaveSenderOut },
  { name: 'reply-to-dropped', breaks: 'a chat_message is stored without its reply_to', check: 'uzbekhub-ws-04', seam: 'read', read: { 'uz.reply-to': () => null } },
  { name: 'rest-delete-silent', breaks: 'a message deleted over REST is not announced', check: 'uzbekhub-ws-05', seam: 'frame', frame: { kind: 'notify', edit: (fr, { via }) => (via === 'rest' ? undefined : fr) } },
  { name: 'edit-not-announced', breaks: 'an edit is stored but message_edited is never sent', check: 'uzbekhub-ws-06', seam: 'frame', frame: { kind: 'updated', edit: drop } },
  { name: 'typing-not-announced', breaks: 'typing is never announced as user_typing', check: 'uzbekhub-ws-07', seam: 'frame', frame: { kind: 'typing', edit: drop } },
  { name: 'read-not-announced', breaks: 'mark_read is never announced as message_read', check: 'uzbekhub-ws-08', seam: 'frame', frame: { kind: 'read', edit: drop } },
  { name: 'ws-delete-silent', breaks: 'delete_message removes the message but message_deleted is never sent', check: 'uzbekhub-ws-09', seam: 'frame', frame: { kind: 'notify', edit: (fr, { via }) => (via === 'ws' ? undefined : fr) } },
  { name: 'invalid-json-ignored', breaks: 'invalid JSON gets no error frame', check: 'uzbekhub-ws-10', seam: 'frame', frame: { kind: 'error', code: 'INVALID_JSON', edit: drop } },
  { name: 'empty-message-accepted', breaks: 'a chat_message with neither text nor files is stored and broadcast', check: 'uzbekhub-ws-11', seam: 'valid', valid: { rule: 'uz-message-not-empty', verdict: true } },
  { name: 'error-frame-detail-key', breaks: 'error frames carry `detail` instead of `error`', check: 'uzbekhub-ws-12', seam: 'frame', frame: { kind: 'error', edit: (fr) => rename(fr, 'error', 'detail') } },
  // who the socket lets in (D-uzbekhub-08)
  {
    name: 'ws-no-credential-accepted', breaks: 'a socket without a token joins as the fixture owner', check: 'uzbekhub-access-01', seam: 'admit',
    waive: { reason: 'ws-no-token', as: ({ fallback }) => fallback },
  },
  { name: 'ws-signature-not-verified', breaks: 'the socket accepts a JWT whose signature was tampered with', check: 'uzbekhub-access-02', seam: 'auth', auth: { accept: 'unsigned', where: 'ws' } },
  { name: 'expired-token-accepted', breaks: 'JWT `exp` is ignored', check: 'uzbekhub-access-03', seam: 'auth', auth: { accept: 'expired' } },
  { name: 'ws-no-member-check', breaks: 'any valid token opens any room\'s socket', check: 'uzbekhub-access-04', seam: 'admit', waive: { reason: 'uz-ws-not-member' } },
  {
    name: 'ws-unknown-room-accepted', breaks: 'a room id of no room opens a socket (an empty room)', check: 'uzbekhub-access-05', seam: 'admit',
    waive: { reason: 'uz-ws-unknown-room', as: ({ make }) => (make as () => UzRoom)() },
  },
  { name: 'refresh-token-accepted', breaks: 'a refresh token opens the socket like an access token', check: 'uzbekhub-access-06', seam: 'auth', auth: { accept: 'refresh', where: 'ws' } },
  { name: 'ws-no-credential-wrong-code', breaks: 'a socket without a token closes 1008 instead of 4001', check: 'uzbekhub-close-01', seam: 'admit', admit: { reason: 'ws-no-token', close: 1008 } },
  { name: 'ws-bad-token-wrong-code', breaks: 'an invalid JWT closes 4003 instead of 4001', check: 'uzbekhub-close-02', seam: 'admit', admit: { reason: 'ws-bad-token', close: 4003 } },
  { name: 'ws-forbidden-wrong-code', breaks: 'a user outside the room closes 4001 instead of 4003', check: 'uzbekhub-close-03', seam: 'admit', admit: { reason: 'uz-ws-not-member', close: 4001 } },
  { name: 'ws-unknown-room-wrong-code', breaks: 'an unknown room closes 4004 instead of 4003', check: 'uzbekhub-close-04', seam: 'admit', admit: { reason: 'uz-ws-unknown-room', close: 4004 } },
  { name: 'ws-malformed-id-wrong-code', breaks: 'a room_id that is not a UUID closes 4500 instead of 4000', check: 'uzbekhub-close-05', seam: 'admit', admit: { reason: 'ws-bad-path', close: 4500 } },
  // §Error Responses 404
  { name: 'not-found-empty-body', breaks: '404 bodies are empty objects, without `error`', check: 'uzbekhub-errors-02', seam: 'reply', reply: { error: errorBody(404, () => ({})) } },
  // part 2: accounts, posts and stories (their own files), and the generated families' faults
  ...ACCOUNT_FAULTS,
  ...SOCIAL_FAULTS,
  ...FAMILY_FAULTS,
] as const satisfies readonly FaultSpec[];

export type UzbekhubFault = (typeof UZBEKHUB_FAULTS)[number]['name'];
