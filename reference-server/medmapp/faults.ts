// Medmapp's fault switches (document 000): each turns off exactly one promise, so that every check can be
// shown to fail. An entry says where it is applied (its seam) and what it changes there: a refusal
// reason waived or closed with another code, a verdict overturned, a value read, a reply or frame
// rewritten. Names and check ids are a contract with the suites: never rename one (an alias keeps an
// old name working), only add.
import { ServerError } from '../errors.ts';
import type { FaultSpec, Json } from '../fault-spec.ts';
import { editBody, editItems, epochs, holdEverySecond, htmlErrors, items, leaveSenderOut, toSenderOnly } from '../fault-edits.ts';
import type { RoomRecord, UserRecord } from '../store.ts';
import { FIXTURE_USERS } from './seed.ts';

const drop = () => undefined;
const without = (key: string) => (frame: Json) => {
  delete frame[key];
  return frame;
};
/** The next page's number, one too far. */
const skipAPage = (link: unknown) => (typeof link === 'string' ? link.replace(/([?&]page=)(\d+)/, (_, p: string, n: string) => `${p}${Number(n) + 1}`) : link);
const CONVERSATION_REPLIES = ['medmapp/conversation-list-response', 'medmapp/conversation-create-response', 'medmapp/conversation'];

export const MEDMAPP_FAULTS = [
  { name: 'login-no-refresh', breaks: '/api/token/ omits `refresh`', check: 'medmapp-auth-01', seam: 'auth', auth: { issue: ({ access }) => ({ access }) } },
  { name: 'login-any-password', breaks: 'wrong password still gets tokens', check: 'medmapp-auth-02', seam: 'auth', waive: { reason: 'wrong-password' } },
  {
    name: 'rest-no-auth', breaks: 'REST endpoints answer without a token (as the patient)', check: 'medmapp-auth-03', seam: 'auth',
    waive: { reason: 'rest-no-credential', as: ({ sc }) => sc.store.getUser(FIXTURE_USERS[0]!.id) },
  },
  { name: 'ws-no-credential-wrong-code', aliases: ['ws-no-token-wrong-code'], breaks: 'missing token closes 1008 instead of 4001', check: 'medmapp-auth-04', seam: 'admit', admit: { reason: 'ws-no-credential', close: 1008 } },
  { name: 'ws-reject-handshake-403', breaks: 'auth failures refuse the upgrade with HTTP 403 (Channels close() before accept())', check: 'medmapp-auth-04', seam: 'admit', admit: { handshake: 403 } },
  { name: 'ws-bad-token-wrong-code', breaks: 'malformed/garbage token closes 4003 instead of 4001', check: 'medmapp-auth-05', seam: 'admit', admit: { reason: 'ws-bad-token', code: 'TOKEN_INVALID', close: 4003 } },
  { name: 'expired-token-accepted', aliases: ['ws-accepts-expired-token'], breaks: 'WS ignores `exp`', check: 'medmapp-auth-06', seam: 'auth', auth: { accept: 'expired', where: 'ws' } },
  { name: 'refresh-token-accepted', aliases: ['ws-accepts-refresh-token'], breaks: 'WS accepts a refresh token', check: 'medmapp-auth-07', seam: 'auth', auth: { accept: 'refresh', where: 'ws' } },
  { name: 'refresh-endpoint-missing', breaks: '/api/token/refresh/ answers 404', check: 'medmapp-auth-08', seam: 'reply', reply: { schema: 'medmapp/token-refresh-response', fail: 'NOT_FOUND' } },
  { name: 'ws-no-participant-check', breaks: 'any authenticated user may join any conversation', check: 'medmapp-access-01', seam: 'admit', waive: { reason: 'ws-not-participant' } },
  { name: 'ws-unknown-room-wrong-code', aliases: ['ws-unknown-conversation-wrong-code'], breaks: 'unknown conversation closes 4004', check: 'medmapp-access-02', seam: 'admit', admit: { reason: 'ws-unknown-room', close: 4004 } },
  { name: 'ws-malformed-id-wrong-code', breaks: 'non-numeric id closes 4500', check: 'medmapp-access-03', seam: 'admit', admit: { reason: 'ws-bad-path', close: 4500 } },
  { name: 'history-no-participant-check', aliases: ['rest-no-participant-check'], breaks: "REST history of someone else's conversation is served", check: 'medmapp-access-04', seam: 'admit', waive: { reason: 'history-not-participant' } },
  { name: 'list-shows-all-rooms', aliases: ['list-shows-all-conversations'], breaks: 'conversation list is not filtered by participant', check: 'medmapp-access-05', seam: 'read', read: { 'room-list.member': () => undefined } },
  { name: 'no-broadcast-to-peer', breaks: "chat_message goes only to the sender's own socket", check: 'medmapp-msg-01', seam: 'deliver', deliver: toSenderOnly },
  { name: 'no-echo-to-sender', breaks: 'chat_message goes to everyone but the sender', check: 'medmapp-msg-02', seam: 'deliver', deliver: leaveSenderOut },
  { name: 'reorder-broadcast', breaks: 'every 2nd message of a connection is delivered after the next one', check: 'medmapp-msg-03', seam: 'deliver', deliver: holdEverySecond },
  { name: 'messages-not-persisted', breaks: 'messages are broadcast but not stored in history', check: 'medmapp-msg-04', seam: 'write', write: { message: async () => undefined } },
  { name: 'no-html-escape', breaks: 'content stored/broadcast unescaped', check: 'medmapp-msg-05', seam: 'read', read: { 'escape-html': () => false } },
  { name: 'type-required', breaks: 'a frame without `type` gets an error instead of defaulting to text', check: 'medmapp-msg-06', seam: 'valid', valid: { rule: 'type-may-be-omitted', verdict: false } },
  { name: 'invalid-json-ignored', breaks: 'invalid JSON gets no error frame', check: 'medmapp-err-01', seam: 'frame', frame: { kind: 'error', code: 'INVALID_JSON', edit: drop } },
  { name: 'empty-message-accepted', breaks: 'empty/whitespace message is stored and broadcast', check: 'medmapp-err-02', seam: 'valid', valid: { rule: 'message-not-empty', verdict: true } },
  { name: 'wrong-field-type-accepted', breaks: '`{"message": 123}` is stored as "123"', check: 'medmapp-err-03', seam: 'valid', valid: { rule: 'message-type', verdict: true } },
  { name: 'unknown-type-accepted', breaks: '`{"type":"bogus","message":"x"}` is stored as text', check: 'medmapp-err-04', seam: 'valid', valid: { rule: 'type-known', verdict: true } },
  { name: 'error-frame-without-type', breaks: 'error frames lack `type: "error"`', check: 'medmapp-err-05', seam: 'frame', frame: { kind: 'error', edit: without('type') } },
  { name: 'error-frame-without-code', breaks: 'error frames lack `code`', check: 'medmapp-err-06', seam: 'frame', frame: { kind: 'error', edit: without('code') } },
  { name: 'close-after-error', breaks: 'the socket is closed (4000) after any error frame', check: 'medmapp-err-07', seam: 'frame', frame: { kind: 'error', close: true } },
  {
    name: 'conversation-list-no-unread-count', breaks: 'list items lack `unread_count`', check: 'medmapp-rest-01', seam: 'reply',
    reply: { schema: 'medmapp/conversation-list-response', edit: (r) => editItems(r, (c) => delete c.unread_count) },
  },
  {
    name: 'create-conversation-no-id', breaks: "POST /api/conversations/ answers 201 without the new conversation's id", check: 'medmapp-rest-02', seam: 'reply',
    reply: { schema: 'medmapp/conversation-create-response', edit: (r) => editBody(r, without('id')) },
  },
  { name: 'create-accepts-empty-title', breaks: 'empty/missing title is accepted (201)', check: 'medmapp-rest-03', seam: 'valid', valid: { rule: 'title-present', verdict: true } },
  { name: 'rest-errors-not-json', breaks: '401/404 bodies are text/html, not `{"detail"}`', check: 'medmapp-rest-04', seam: 'reply', reply: { error: htmlErrors } },
  {
    name: 'next-link-off-by-one', breaks: '`next` points to page+2', check: 'medmapp-page-01', seam: 'reply',
    reply: { schema: 'medmapp/message-page-response', edit: (r) => editBody(r, (b) => ({ ...b, next: skipAPage(b.next) })) },
  },
  {
    name: 'previous-link-missing', breaks: '`previous` is always null', check: 'medmapp-page-02', seam: 'reply',
    reply: { schema: 'medmapp/message-page-response', edit: (r) => editBody(r, (b) => ({ ...b, previous: null })) },
  },
  {
    name: 'page-overlap', breaks: 'each page after the first starts one item early (duplicate)', check: 'medmapp-page-03', seam: 'read',
    read: { 'history.offset': (offset, { page }) => ((page as number) > 1 ? offset - 1 : offset) },
  },
  { name: 'out-of-range-page-200', breaks: 'a page past the end answers 200 with empty results', check: 'medmapp-page-04', seam: 'valid', valid: { rule: 'page-in-range', verdict: true } },
  { name: 'rate-limit-false-positive', breaks: 'limit is 4 per second, not 5', check: 'medmapp-rate-01', seam: 'read', read: { 'rate-limit': (r) => r && { ...r, limit: 4 } } },
  { name: 'no-rate-limit', breaks: 'no rate limit at all', check: 'medmapp-rate-02', seam: 'read', read: { 'rate-limit': () => null } },
  { name: 'rate-limited-still-delivered', breaks: 'the refusal frame is sent but the message is still stored and broadcast', check: 'medmapp-rate-03', seam: 'admit', waive: { reason: 'rate-limited' } },
  { name: 'rate-limit-never-resets', breaks: 'after the 6th, a connection stays refused for 10 s', check: 'medmapp-rate-04', seam: 'read', read: { 'rate-limit': (r) => r && { ...r, penaltyMs: 10_000 } } },
  {
    name: 'mark-as-read-noop', breaks: 'mark_as_read answers 200 but changes nothing', check: 'medmapp-read-01', seam: 'write',
    write: { 'mark-read': ({ unread }) => (unread as () => Promise<number>)() },
  },
  {
    name: 'unread-count-always-zero', breaks: 'unread_count is always 0', check: 'medmapp-read-02', seam: 'reply',
    reply: {
      schema: CONVERSATION_REPLIES,
      edit: (r) => {
        for (const c of [...items(r.body), ...(typeof r.body === 'object' && r.body !== null && 'unread_count' in r.body ? [r.body as Json] : [])]) c.unread_count = 0;
        return r;
      },
    },
  },
  {
    // Per viewer, the id up to which unread_count is reset without the flags.
    name: 'read-flag-not-updated', breaks: 'unread_count resets but is_read_by_recipient stays false', check: 'medmapp-read-03', seam: 'write',
    write: {
      'mark-read': async ({ sc, memo, room, user, unread }) => {
        const { id } = room as RoomRecord;
        const marked = await (unread as () => Promise<number>)();
        const count = await sc.store.countMessages(id);
        const [last] = count > 0 ? await sc.store.listMessages(id, count - 1, 1) : [];
        if (last) memo.set(`${id}:${(user as UserRecord).id}`, Number(last.id));
        return marked;
      },
    },
    read: { 'unread.cursor': (cursor, { memo, room, viewer }) => (memo.get(`${(room as RoomRecord).id}:${(viewer as UserRecord).id}`) as number | undefined) ?? cursor },
  },
  {
    name: 'upload-file-url-404', breaks: 'the attachment URL answers 404', check: 'medmapp-upload-01', seam: 'read',
    read: { 'media.path': () => { throw new ServerError('NOT_FOUND'); } },
  },
  { name: 'upload-no-broadcast', breaks: 'upload_file does not broadcast', check: 'medmapp-upload-02', seam: 'frame', frame: { kind: 'upload', edit: drop } },
  { name: 'upload-ignores-message', breaks: 'the optional `message` field is ignored (content empty)', check: 'medmapp-upload-03', seam: 'read', read: { 'upload.message': () => '' } },
  { name: 'no-status-update', breaks: 'status changes are not broadcast', check: 'medmapp-status-01', seam: 'frame', frame: { kind: 'status', edit: drop } },
  {
    name: 'status-patch-ignored', breaks: 'PATCH answers 200 and broadcasts status_update with the old status, changing nothing', check: 'medmapp-status-01', seam: 'read',
    read: { 'update.changes': ({ status: _status, ...rest }) => rest },
  },
  {
    name: 'wrong-type-internal-error', breaks: '`{"message": 123}` is answered with an INTERNAL_ERROR frame, as a crash would be', check: 'medmapp-err-03', seam: 'read',
    read: { 'message-type-error': (err, { message }) => (typeof message === 'number' ? new ServerError('INTERNAL') : err) },
  },
  { name: 'history-unreadable', breaks: 'GET /api/conversations/{id}/messages/ answers 500', check: 'medmapp-msg-04', seam: 'reply', reply: { schema: 'medmapp/message-page-response', fail: 'INTERNAL' } },
  { name: 'ws-malformed-id-500', breaks: 'a non-numeric conversation id refuses the upgrade with HTTP 500', check: 'medmapp-access-03', seam: 'admit', admit: { reason: 'ws-bad-path', handshake: 500 } },
  {
    name: 'timestamps-not-iso', breaks: 'created_at is sent as epoch seconds (number)', check: 'medmapp-schema-01', seam: 'reply',
    reply: { edit: (r) => editBody(r, epochs) }, frame: { edit: epochs },
  },
] as const satisfies readonly FaultSpec[];

export type MedmappFault = (typeof MEDMAPP_FAULTS)[number]['name'];
