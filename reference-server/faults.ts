// Fault switches: each one turns off exactly one promise of a document, so that every conformance check
// can be shown to fail (STYLE.md: "a check that cannot fail is a defect"). Names and check ids are a
// contract with the suites: never rename one, only add.

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
    f('create-conversation-wrong-status', 'POST /api/conversations/ answers 200 not 201', 'medmapp-rest-02'),
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
    f('timestamps-not-iso', 'created_at is sent as epoch seconds (number)', 'medmapp-schema-01'),
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
  const table = FAULTS[dialect] ?? [];
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
