// CarInfoPro's fault switches (document 003): each turns off exactly one promise, so that every check can
// be shown to fail. An entry says where it is applied (its seam) and what it changes there. Names and check
// ids are a contract with the suites: never rename one (an alias keeps an old name working), only add.
import { randomUUID } from 'node:crypto';
import type { FaultSpec, Json } from '../fault-spec.ts';
import { editBody, editItems, envelope, epochs, holdEverySecond, htmlErrors, leaveSenderOut, rename, toSenderOnly } from '../fault-edits.ts';
import type { RequestContext } from '../http.ts';
import type { RoomRecord } from '../store.ts';
import { roomOfVisitor } from './auth.ts';
import { FIXTURE_OWNERS, visitorTokenOf } from './seed.ts';
import { ownerOf } from './wire.ts';

/** `room-list-lags`: rooms younger than this are not listed yet. */
const LAG_MS = 10_000;
const ROOMS = 'carinfopro/room-list-response';
const HISTORY = 'carinfopro/message-list-response';
const START = 'carinfopro/chat-start-response';
const drop = () => undefined;
const fixtureOwner = ({ sc }: { sc: { store: { getUser(id: string): Promise<unknown> } } }) => sc.store.getUser(FIXTURE_OWNERS[0]!.id);
const list = (fn: (list: Json[]) => unknown) => (body: Json) => (Array.isArray(body) ? fn(body as Json[]) : body);
const time = (v: unknown) => Date.parse(String(v));

export const CARINFOPRO_FAULTS = [
  { name: 'start-requires-auth', breaks: 'POST /api/chat/start/ answers 401 without an owner JWT', check: 'carinfopro-start-01', seam: 'valid', valid: { rule: 'start-anonymous', verdict: false } },
  {
    name: 'ws-path-wrong-room', breaks: '`ws_path` names a random room, not the one created', check: 'carinfopro-start-02', seam: 'reply',
    reply: { schema: START, edit: (r) => editBody(r, (b) => ({ ...b, ws_path: `/ws/chat/${randomUUID()}/` })) },
  },
  {
    name: 'visitor-token-shared', breaks: 'every room of an owner gets the same visitor_token', check: 'carinfopro-start-03', seam: 'read',
    read: {
      'start.visitor-token': (token, { memo, ownerId }) => {
        if (!memo.has(ownerId)) memo.set(ownerId, token);
        return memo.get(ownerId) as string;
      },
    },
  },
  {
    name: 'start-without-user-id-accepted', breaks: 'a start without `user_id` creates a room for the first owner', check: 'carinfopro-start-04', seam: 'read',
    read: { 'start.user_id': (v) => (v === undefined || v === null || v === '' ? FIXTURE_OWNERS[0]!.id : v) },
  },
  { name: 'start-unknown-owner-accepted', breaks: 'a `user_id` of no owner creates an orphan room (201)', check: 'carinfopro-start-05', seam: 'valid', valid: { rule: 'start-owner-exists', verdict: true } },
  { name: 'visitor-name-required', breaks: 'a start without `visitor_name` answers 400', check: 'carinfopro-start-06', seam: 'valid', valid: { rule: 'visitor-name-optional', verdict: false } },
  { name: 'start-status-200', breaks: 'POST /api/chat/start/ answers 200, not 201', check: 'carinfopro-start-07', seam: 'reply', reply: { schema: START, edit: (r) => ({ ...r, status: 200 }) } },
  {
    name: 'start-rejects-bad-authorization', breaks: 'a start with an invalid Authorization header answers 401 (DRF authenticates AllowAny views too)', check: 'carinfopro-start-08', seam: 'valid',
    valid: { rule: 'start-ignores-authorization', verdict: false },
  },
  { name: 'room-list-enveloped', breaks: 'the room list is a page envelope {count, results}, not a plain array', check: 'carinfopro-rooms-01', seam: 'reply', reply: { schema: ROOMS, edit: (r) => editBody(r, envelope) } },
  {
    name: 'room-list-lags', breaks: 'rooms started less than 10 s ago are not listed yet', check: 'carinfopro-rooms-02', seam: 'reply',
    reply: { schema: ROOMS, edit: (r) => editBody(r, list((rooms) => rooms.filter((room) => Date.now() - time(room.created_at) >= LAG_MS))) },
  },
  {
    name: 'room-list-no-auth', breaks: "GET /api/chat/rooms/ without a JWT answers with the fixture owner's rooms", check: 'carinfopro-rooms-03', seam: 'auth',
    waive: { reason: 'room-list-no-credential', as: fixtureOwner },
  },
  { name: 'visitor-name-dropped', breaks: 'rooms list `visitor_name` as "" whatever the visitor gave', check: 'carinfopro-rooms-04', seam: 'reply', reply: { schema: ROOMS, edit: (r) => editItems(r, (room) => (room.visitor_name = '')) } },
  {
    name: 'room-list-oldest-first', breaks: 'the room list is ordered by created_at ascending', check: 'carinfopro-rooms-05', seam: 'reply',
    reply: { schema: ROOMS, edit: (r) => editBody(r, list((rooms) => rooms.sort((a, b) => time(a.created_at) - time(b.created_at)))) },
  },
  {
    name: 'history-content-as-message', breaks: 'history items carry `message` instead of `content`', check: 'carinfopro-history-01', seam: 'reply',
    reply: { schema: HISTORY, edit: (r) => editBody(r, list((items) => items.map((m) => rename(m, 'content', 'message')))) },
  },
  { name: 'history-enveloped', breaks: 'history is a page envelope {count, results}, not a plain array', check: 'carinfopro-history-01', seam: 'reply', reply: { schema: HISTORY, edit: (r) => editBody(r, envelope) } },
  { name: 'history-visitor-refused', breaks: 'history with `?visitor=` answers 401', check: 'carinfopro-history-02', seam: 'valid', valid: { rule: 'history-by-visitor', verdict: false } },
  { name: 'history-drops-latest', breaks: 'history omits the newest message', check: 'carinfopro-history-03', seam: 'reply', reply: { schema: HISTORY, edit: (r) => editBody(r, list((items) => items.slice(0, -1))) } },
  { name: 'history-newest-first', breaks: 'history is ordered newest first', check: 'carinfopro-history-04', seam: 'reply', reply: { schema: HISTORY, edit: (r) => editBody(r, list((items) => items.reverse())) } },
  { name: 'no-broadcast-to-peer', breaks: "a message goes only to the sender's own socket", check: 'carinfopro-ws-01', seam: 'deliver', deliver: toSenderOnly },
  { name: 'broadcast-content-key', breaks: 'the broadcast carries `content` instead of `message`', check: 'carinfopro-ws-01', seam: 'frame', frame: { kind: 'chat', edit: (f) => rename(f, 'message', 'content') } },
  {
    name: 'sender-type-always-visitor', breaks: '`sender_type` is "visitor" for the owner\'s messages too', check: 'carinfopro-ws-02', seam: 'frame',
    frame: { kind: 'chat', edit: (f) => ({ ...f, sender_type: 'visitor' }) },
  },
  { name: 'no-echo-to-sender', breaks: 'a message goes to everyone in the room but the sender', check: 'carinfopro-ws-03', seam: 'deliver', deliver: leaveSenderOut },
  { name: 'messages-not-persisted', breaks: 'messages are broadcast but not stored in history', check: 'carinfopro-ws-04', seam: 'write', write: { message: async () => undefined } },
  { name: 'reorder-broadcast', breaks: 'every 2nd message of a connection is delivered after the next one', check: 'carinfopro-ws-05', seam: 'deliver', deliver: holdEverySecond },
  { name: 'html-escaped', breaks: 'text is HTML-escaped before it is stored and broadcast', check: 'carinfopro-ws-06', seam: 'read', read: { 'escape-html': () => true } },
  { name: 'visitor-token-any-room', breaks: "a visitor token opens any room's socket", check: 'carinfopro-access-01', seam: 'admit', waive: { reason: 'ws-other-room' } },
  { name: 'history-visitor-any-room', breaks: "a visitor token reads any room's history", check: 'carinfopro-access-02', seam: 'admit', waive: { reason: 'history-other-room' } },
  { name: 'list-shows-all-rooms', aliases: ['room-list-all-owners'], breaks: "the room list shows every owner's rooms", check: 'carinfopro-access-03', seam: 'read', read: { 'room-list.member': () => undefined } },
  { name: 'history-no-participant-check', aliases: ['history-any-owner'], breaks: "any owner's JWT reads any room's history", check: 'carinfopro-access-04', seam: 'admit', waive: { reason: 'history-other-owner' } },
  { name: 'ws-no-participant-check', aliases: ['ws-any-owner'], breaks: "any owner's JWT opens any room's socket", check: 'carinfopro-access-05', seam: 'admit', waive: { reason: 'ws-other-owner' } },
  {
    name: 'broadcast-across-rooms', breaks: 'a message goes to every room of the same owner', check: 'carinfopro-access-06', seam: 'deliver',
    deliver: async (p, { conn, sc }) => {
      const rooms = await sc.store.listRooms(ownerOf((conn.state as { room: RoomRecord }).room));
      await Promise.all(rooms.map((r) => sc.bus.publish(String(r.id), p.frame)));
    },
  },
  { name: 'history-no-auth', breaks: 'history without any credential is served', check: 'carinfopro-access-07', seam: 'auth', waive: { reason: 'history-no-credential', as: () => () => true } },
  { name: 'ws-no-credential-accepted', breaks: 'a socket without any credential joins as the visitor', check: 'carinfopro-access-08', seam: 'admit', waive: { reason: 'ws-no-credential', as: ({ room }) => room } },
  { name: 'ws-unknown-visitor-token-accepted', breaks: 'a visitor token of no room opens the socket', check: 'carinfopro-access-09', seam: 'admit', waive: { reason: 'ws-unknown-visitor', as: ({ room }) => room } },
  {
    name: 'room-list-accepts-visitor-token', breaks: "`?visitor=` on GET /api/chat/rooms/ lists the room owner's rooms", check: 'carinfopro-access-10', seam: 'auth',
    waive: {
      reason: 'room-list-no-credential',
      as: async ({ sc, rc }) => {
        const visitor = (rc as RequestContext).url.searchParams.get('visitor');
        if (!visitor) return undefined;
        return sc.store.getUser(ownerOf(await roomOfVisitor(sc, visitor)) ?? '');
      },
    },
  },
  {
    name: 'room-list-leaks-visitor-token', breaks: "room list items carry the room's `visitor_token`", check: 'carinfopro-secret-01', seam: 'reply',
    reply: { schema: ROOMS, edit: async (r, { sc }) => leakTokens(r, sc.store, 'id') },
  },
  {
    name: 'history-leaks-visitor-token', breaks: "history items carry the room's `visitor_token`", check: 'carinfopro-secret-02', seam: 'reply',
    reply: { schema: HISTORY, edit: async (r, { sc }) => leakTokens(r, sc.store, 'room_id') },
  },
  {
    name: 'broadcast-leaks-visitor-token', breaks: 'broadcasts of visitor messages carry the `visitor_token`', check: 'carinfopro-secret-03', seam: 'frame',
    frame: { kind: 'chat', edit: (f, { room }) => (f.sender_type === 'visitor' ? { ...f, visitor_token: visitorTokenOf(room as RoomRecord) } : f) },
  },
  { name: 'visitor-token-is-room-id', breaks: 'the visitor_token is the room id', check: 'carinfopro-secret-04', seam: 'read', read: { 'start.visitor-token': (_token, { roomId }) => roomId as string } },
  { name: 'invalid-json-ignored', breaks: 'invalid JSON gets no error frame', check: 'carinfopro-err-01', seam: 'frame', frame: { kind: 'error', code: 'INVALID_JSON', edit: drop } },
  { name: 'empty-message-accepted', breaks: 'an empty or whitespace message is stored and broadcast', check: 'carinfopro-err-02', seam: 'valid', valid: { rule: 'message-not-empty', verdict: true } },
  { name: 'wrong-field-type-accepted', breaks: '`{"message": 123}` is stored as "123"', check: 'carinfopro-err-03', seam: 'valid', valid: { rule: 'message-type', verdict: true } },
  { name: 'no-length-limit', breaks: 'a message over 4000 characters is stored and broadcast', check: 'carinfopro-err-04', seam: 'valid', valid: { rule: 'message-length', verdict: true } },
  { name: 'close-after-error', breaks: 'the socket is closed (4000) after any error frame', check: 'carinfopro-err-05', seam: 'frame', frame: { kind: 'error', close: true } },
  { name: 'error-frame-detail-key', breaks: 'error frames carry `detail` instead of `error`', check: 'carinfopro-err-06', seam: 'frame', frame: { kind: 'error', edit: (f) => rename(f, 'error', 'detail') } },
  { name: 'rest-errors-not-json', breaks: '401/404 bodies are text/html, not `{"detail"}`', check: 'carinfopro-err-07', seam: 'reply', reply: { error: htmlErrors } },
  { name: 'ws-no-credential-wrong-code', breaks: 'a socket without credential closes 1008 instead of 4001', check: 'carinfopro-close-01', seam: 'admit', admit: { reason: 'ws-no-credential', close: 1008 } },
  { name: 'ws-reject-handshake-403', breaks: 'refused sockets get HTTP 403 instead of accept-then-close', check: 'carinfopro-close-01', seam: 'admit', admit: { handshake: 403 } },
  { name: 'ws-bad-token-wrong-code', breaks: 'an invalid JWT closes 4003 instead of 4001', check: 'carinfopro-close-02', seam: 'admit', admit: { reason: 'ws-bad-token', code: 'TOKEN_INVALID', close: 4003 } },
  { name: 'ws-unknown-visitor-wrong-code', breaks: 'a visitor token of no room closes 4003 instead of 4001', check: 'carinfopro-close-03', seam: 'admit', admit: { reason: 'ws-unknown-visitor', close: 4003 } },
  { name: 'ws-forbidden-wrong-code', breaks: 'a valid credential of another room closes 4001 instead of 4003', check: 'carinfopro-close-04', seam: 'admit', admit: { code: 'FORBIDDEN_ROOM', close: 4001 } },
  { name: 'ws-unknown-room-wrong-code', breaks: 'an unknown room closes 4004 instead of 4003', check: 'carinfopro-close-05', seam: 'admit', admit: { reason: 'ws-unknown-room', close: 4004 } },
  { name: 'ws-malformed-id-wrong-code', breaks: 'a room_id that is not a UUID closes 4500 instead of 4000', check: 'carinfopro-close-06', seam: 'admit', admit: { reason: 'ws-bad-path', close: 4500 } },
  { name: 'login-no-refresh', breaks: '/api/token/ omits `refresh`', check: 'carinfopro-auth-01', seam: 'auth', auth: { issue: ({ access }) => ({ access }) } },
  { name: 'login-any-password', breaks: 'a wrong password still gets tokens', check: 'carinfopro-auth-02', seam: 'auth', waive: { reason: 'wrong-password' } },
  { name: 'refresh-endpoint-missing', breaks: '/api/token/refresh/ answers 404', check: 'carinfopro-auth-03', seam: 'reply', reply: { schema: 'carinfopro/token-refresh-response', fail: 'NOT_FOUND' } },
  { name: 'refresh-token-accepted', breaks: 'a refresh token authenticates REST and WebSocket like an access token', check: 'carinfopro-auth-04', seam: 'auth', auth: { accept: 'refresh' } },
  { name: 'jwt-signature-not-verified', breaks: 'JWT signatures are not checked', check: 'carinfopro-auth-05', seam: 'auth', auth: { accept: 'unsigned' } },
  { name: 'expired-token-accepted', breaks: 'JWT `exp` is ignored', check: 'carinfopro-auth-06', seam: 'auth', auth: { accept: 'expired' } },
  {
    name: 'timestamps-not-iso', breaks: 'created_at/updated_at are sent as epoch seconds (numbers)', check: 'carinfopro-schema-01', seam: 'reply',
    reply: { edit: (r) => editBody(r, epochs) }, frame: { edit: epochs },
  },
] as const satisfies readonly FaultSpec[];

export type CarinfoproFault = (typeof CARINFOPRO_FAULTS)[number]['name'];

/** Each item gets the `visitor_token` of the room its `key` names. */
async function leakTokens(reply: import('../http.ts').Reply, store: { getRoom(id: string): Promise<RoomRecord | undefined> }, key: string) {
  for (const item of Array.isArray(reply.body) ? (reply.body as Json[]) : []) {
    const room = await store.getRoom(String(item[key]));
    if (room) item.visitor_token = visitorTokenOf(room);
  }
  return reply;
}
