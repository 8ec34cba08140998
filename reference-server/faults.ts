// Fault switches: each one turns off exactly one promise of a document, so that every conformance check
// can be shown to fail (STYLE.md: "a check that cannot fail is a defect"). Names and check ids are a
// contract with the suites: never rename one, only add.

import { FUZZ_FAULTS } from './fuzz-faults.ts';

export interface FaultSpec {
  name: string;
  /** The promise it breaks, one line. */
  breaks: string;
  /** The id of the check that detects it. */
  check: string;
}

const f = (name: string, breaks: string, check: string): FaultSpec => ({ name, breaks, check });

export const FAULTS: Record<string, FaultSpec[]> = {
  medmapp: [
    f('login-no-refresh', '/api/token/ omits `refresh`', 'medmapp-auth-01'),
    f('login-any-password', 'wrong password still gets tokens', 'medmapp-auth-02'),
    f('rest-no-auth', 'REST endpoints answer without a token (as the patient)', 'medmapp-auth-03'),
    f('ws-no-token-wrong-code', 'missing token closes 1008 instead of 4001', 'medmapp-auth-04'),
    f('ws-reject-handshake-403', 'auth failures refuse the upgrade with HTTP 403 (Channels close() before accept())', 'medmapp-auth-04'),
    f('ws-bad-token-wrong-code', 'malformed/garbage token closes 4003 instead of 4001', 'medmapp-auth-05'),
    f('ws-accepts-expired-token', 'WS ignores `exp`', 'medmapp-auth-06'),
    f('ws-accepts-refresh-token', 'WS accepts a refresh token', 'medmapp-auth-07'),
    f('refresh-endpoint-missing', '/api/token/refresh/ answers 404', 'medmapp-auth-08'),
    f('ws-no-participant-check', 'any authenticated user may join any conversation', 'medmapp-access-01'),
    f('ws-unknown-conversation-wrong-code', 'unknown conversation closes 4004', 'medmapp-access-02'),
    f('ws-malformed-id-wrong-code', 'non-numeric id closes 4500', 'medmapp-access-03'),
    f('rest-no-participant-check', "REST history of someone else's conversation is served", 'medmapp-access-04'),
    f('list-shows-all-conversations', 'conversation list is not filtered by participant', 'medmapp-access-05'),
    f('no-broadcast-to-peer', "chat_message goes only to the sender's own socket", 'medmapp-msg-01'),
    f('no-echo-to-sender', 'chat_message goes to everyone but the sender', 'medmapp-msg-02'),
    f('reorder-broadcast', 'every 2nd message of a connection is delivered after the next one', 'medmapp-msg-03'),
    f('messages-not-persisted', 'messages are broadcast but not stored in history', 'medmapp-msg-04'),
    f('no-html-escape', 'content stored/broadcast unescaped', 'medmapp-msg-05'),
    f('type-required', 'a frame without `type` gets an error instead of defaulting to text', 'medmapp-msg-06'),
    f('invalid-json-ignored', 'invalid JSON gets no error frame', 'medmapp-err-01'),
    f('empty-message-accepted', 'empty/whitespace message is stored and broadcast', 'medmapp-err-02'),
    f('wrong-field-type-accepted', '`{"message": 123}` is stored as "123"', 'medmapp-err-03'),
    f('unknown-type-accepted', '`{"type":"bogus","message":"x"}` is stored as text', 'medmapp-err-04'),
    f('error-frame-without-type', 'error frames lack `type: "error"`', 'medmapp-err-05'),
    f('error-frame-without-code', 'error frames lack `code`', 'medmapp-err-06'),
    f('close-after-error', 'the socket is closed (4000) after any error frame', 'medmapp-err-07'),
    f('conversation-list-no-unread-count', 'list items lack `unread_count`', 'medmapp-rest-01'),
    f('create-conversation-no-id', 'POST /api/conversations/ answers 201 without the new conversation\'s id', 'medmapp-rest-02'),
    f('create-accepts-empty-title', 'empty/missing title is accepted (201)', 'medmapp-rest-03'),
    f('rest-errors-not-json', '401/404 bodies are text/html, not `{"detail"}`', 'medmapp-rest-04'),
    f('next-link-off-by-one', '`next` points to page+2', 'medmapp-page-01'),
    f('previous-link-missing', '`previous` is always null', 'medmapp-page-02'),
    f('page-overlap', 'each page after the first starts one item early (duplicate)', 'medmapp-page-03'),
    f('out-of-range-page-200', 'a page past the end answers 200 with empty results', 'medmapp-page-04'),
    f('rate-limit-false-positive', 'limit is 4 per second, not 5', 'medmapp-rate-01'),
    f('no-rate-limit', 'no rate limit at all', 'medmapp-rate-02'),
    f('rate-limited-still-delivered', 'the refusal frame is sent but the message is still stored and broadcast', 'medmapp-rate-03'),
    f('rate-limit-never-resets', 'after the 6th, a connection stays refused for 10 s', 'medmapp-rate-04'),
    f('mark-as-read-noop', 'mark_as_read answers 200 but changes nothing', 'medmapp-read-01'),
    f('unread-count-always-zero', 'unread_count is always 0', 'medmapp-read-02'),
    f('read-flag-not-updated', 'unread_count resets but is_read_by_recipient stays false', 'medmapp-read-03'),
    f('upload-file-url-404', 'the attachment URL answers 404', 'medmapp-upload-01'),
    f('upload-no-broadcast', 'upload_file does not broadcast', 'medmapp-upload-02'),
    f('upload-ignores-message', 'the optional `message` field is ignored (content empty)', 'medmapp-upload-03'),
    f('no-status-update', 'status changes are not broadcast', 'medmapp-status-01'),
    f('status-patch-ignored', 'PATCH answers 200 and broadcasts status_update with the old status, changing nothing', 'medmapp-status-01'),
    f('wrong-type-internal-error', '`{"message": 123}` is answered with an INTERNAL_ERROR frame, as a crash would be', 'medmapp-err-03'),
    f('history-unreadable', 'GET /api/conversations/{id}/messages/ answers 500', 'medmapp-msg-04'),
    f('ws-malformed-id-500', 'a non-numeric conversation id refuses the upgrade with HTTP 500', 'medmapp-access-03'),
    f('timestamps-not-iso', 'created_at is sent as epoch seconds (number)', 'medmapp-schema-01'),
  ],
  carinfopro: [
    f('start-requires-auth', 'POST /api/chat/start/ answers 401 without an owner JWT', 'carinfopro-start-01'),
    f('ws-path-wrong-room', '`ws_path` names a random room, not the one created', 'carinfopro-start-02'),
    f('visitor-token-shared', "every room of an owner gets the same visitor_token", 'carinfopro-start-03'),
    f('start-without-user-id-accepted', 'a start without `user_id` creates a room for the first owner', 'carinfopro-start-04'),
    f('start-unknown-owner-accepted', 'a `user_id` of no owner creates an orphan room (201)', 'carinfopro-start-05'),
    f('visitor-name-required', 'a start without `visitor_name` answers 400', 'carinfopro-start-06'),
    f('start-status-200', 'POST /api/chat/start/ answers 200, not 201', 'carinfopro-start-07'),
    f('start-rejects-bad-authorization', 'a start with an invalid Authorization header answers 401 (DRF authenticates AllowAny views too)', 'carinfopro-start-08'),
    f('room-list-enveloped', 'the room list is a page envelope {count, results}, not a plain array', 'carinfopro-rooms-01'),
    f('room-list-lags', 'rooms started less than 10 s ago are not listed yet', 'carinfopro-rooms-02'),
    f('room-list-no-auth', "GET /api/chat/rooms/ without a JWT answers with the fixture owner's rooms", 'carinfopro-rooms-03'),
    f('visitor-name-dropped', 'rooms list `visitor_name` as "" whatever the visitor gave', 'carinfopro-rooms-04'),
    f('room-list-oldest-first', 'the room list is ordered by created_at ascending', 'carinfopro-rooms-05'),
    f('history-content-as-message', 'history items carry `message` instead of `content`', 'carinfopro-history-01'),
    f('history-enveloped', 'history is a page envelope {count, results}, not a plain array', 'carinfopro-history-01'),
    f('history-visitor-refused', 'history with `?visitor=` answers 401', 'carinfopro-history-02'),
    f('history-drops-latest', 'history omits the newest message', 'carinfopro-history-03'),
    f('history-newest-first', 'history is ordered newest first', 'carinfopro-history-04'),
    f('no-broadcast-to-peer', "a message goes only to the sender's own socket", 'carinfopro-ws-01'),
    f('broadcast-content-key', 'the broadcast carries `content` instead of `message`', 'carinfopro-ws-01'),
    f('sender-type-always-visitor', '`sender_type` is "visitor" for the owner\'s messages too', 'carinfopro-ws-02'),
    f('no-echo-to-sender', 'a message goes to everyone in the room but the sender', 'carinfopro-ws-03'),
    f('messages-not-persisted', 'messages are broadcast but not stored in history', 'carinfopro-ws-04'),
    f('reorder-broadcast', 'every 2nd message of a connection is delivered after the next one', 'carinfopro-ws-05'),
    f('html-escaped', 'text is HTML-escaped before it is stored and broadcast', 'carinfopro-ws-06'),
    f('visitor-token-any-room', "a visitor token opens any room's socket", 'carinfopro-access-01'),
    f('history-visitor-any-room', "a visitor token reads any room's history", 'carinfopro-access-02'),
    f('room-list-all-owners', "the room list shows every owner's rooms", 'carinfopro-access-03'),
    f('history-any-owner', "any owner's JWT reads any room's history", 'carinfopro-access-04'),
    f('ws-any-owner', "any owner's JWT opens any room's socket", 'carinfopro-access-05'),
    f('broadcast-across-rooms', "a message goes to every room of the same owner", 'carinfopro-access-06'),
    f('history-no-auth', 'history without any credential is served', 'carinfopro-access-07'),
    f('ws-no-credential-accepted', 'a socket without any credential joins as the visitor', 'carinfopro-access-08'),
    f('ws-unknown-visitor-token-accepted', 'a visitor token of no room opens the socket', 'carinfopro-access-09'),
    f('room-list-accepts-visitor-token', "`?visitor=` on GET /api/chat/rooms/ lists the room owner's rooms", 'carinfopro-access-10'),
    f('room-list-leaks-visitor-token', "room list items carry the room's `visitor_token`", 'carinfopro-secret-01'),
    f('history-leaks-visitor-token', "history items carry the room's `visitor_token`", 'carinfopro-secret-02'),
    f('broadcast-leaks-visitor-token', "broadcasts of visitor messages carry the `visitor_token`", 'carinfopro-secret-03'),
    f('visitor-token-is-room-id', 'the visitor_token is the room id', 'carinfopro-secret-04'),
    f('invalid-json-ignored', 'invalid JSON gets no error frame', 'carinfopro-err-01'),
    f('empty-message-accepted', 'an empty or whitespace message is stored and broadcast', 'carinfopro-err-02'),
    f('wrong-field-type-accepted', '`{"message": 123}` is stored as "123"', 'carinfopro-err-03'),
    f('no-length-limit', 'a message over 4000 characters is stored and broadcast', 'carinfopro-err-04'),
    f('close-after-error', 'the socket is closed (4000) after any error frame', 'carinfopro-err-05'),
    f('error-frame-detail-key', 'error frames carry `detail` instead of `error`', 'carinfopro-err-06'),
    f('rest-errors-not-json', '401/404 bodies are text/html, not `{"detail"}`', 'carinfopro-err-07'),
    f('ws-no-credential-wrong-code', 'a socket without credential closes 1008 instead of 4001', 'carinfopro-close-01'),
    f('ws-reject-handshake-403', 'refused sockets get HTTP 403 instead of accept-then-close', 'carinfopro-close-01'),
    f('ws-bad-token-wrong-code', 'an invalid JWT closes 4003 instead of 4001', 'carinfopro-close-02'),
    f('ws-unknown-visitor-wrong-code', 'a visitor token of no room closes 4003 instead of 4001', 'carinfopro-close-03'),
    f('ws-forbidden-wrong-code', "a valid credential of another room closes 4001 instead of 4003", 'carinfopro-close-04'),
    f('ws-unknown-room-wrong-code', 'an unknown room closes 4004 instead of 4003', 'carinfopro-close-05'),
    f('ws-malformed-id-wrong-code', 'a room_id that is not a UUID closes 4500 instead of 4000', 'carinfopro-close-06'),
    f('login-no-refresh', '/api/token/ omits `refresh`', 'carinfopro-auth-01'),
    f('login-any-password', 'a wrong password still gets tokens', 'carinfopro-auth-02'),
    f('refresh-endpoint-missing', '/api/token/refresh/ answers 404', 'carinfopro-auth-03'),
    f('refresh-token-accepted', 'a refresh token authenticates REST and WebSocket like an access token', 'carinfopro-auth-04'),
    f('jwt-signature-not-verified', "JWT signatures are not checked", 'carinfopro-auth-05'),
    f('expired-token-accepted', 'JWT `exp` is ignored', 'carinfopro-auth-06'),
    f('timestamps-not-iso', 'created_at/updated_at are sent as epoch seconds (numbers)', 'carinfopro-schema-01'),
  ],
};

/** The set of faults switched on for one server; `has` is what handlers ask. */
export class FaultSet {
  private readonly on: ReadonlySet<string>;

  constructor(names: Iterable<string> = []) {
    this.on = new Set(names);
  }

  has(name: string): boolean {
    return this.on.has(name);
  }

  get size(): number {
    return this.on.size;
  }

  list(): string[] {
    return [...this.on];
  }
}

/** Validates fault names against the dialect's table; an unknown name is a usage error naming the valid ones. */
export function parseFaults(dialect: string, names: readonly string[] = []): FaultSet {
  // Fuzz-only faults (fuzz-faults.ts) are switched on the same way but listed apart.
  const table = [...(FAULTS[dialect] ?? []), ...(FUZZ_FAULTS[dialect] ?? [])];
  const known = new Set(table.map((x) => x.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new Error(
      `unknown fault${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `'${n}'`).join(', ')} for profile ${dialect}; ` +
        `valid names: ${[...known].join(', ') || '(none)'}`,
    );
  }
  return new FaultSet(names);
}
