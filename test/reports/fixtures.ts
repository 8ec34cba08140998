// A realistic run: two document sections, one check of each status, a failure with a full transcript,
// and hostile content a malicious server could put into frames (markup, terminal escapes, tokens that
// upstream redaction missed).
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Check, RunResults } from '../../generated/types/meta/results.ts';
import type { Reporter } from '../../reports/reporter.ts';

/** A JWT-shaped token that must never appear in any report. */
export const LEAKED_JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjo0MiwiZXhwIjoxOTAwMDAwMDAwfQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
/** An opaque token passed in a query string. */
export const QUERY_TOKEN = 'q8Zr2mXv91kLpT4s';
/** A user's password that survived upstream redaction. */
export const PASSWORD = 'hunter2-correct-horse';
/** What a hostile server sends in a chat frame. */
export const SCRIPT_PAYLOAD = "<script>window.__pwned = true; document.title = 'pwned'</script>";
export const IMG_PAYLOAD = '<img src=x onerror="window.__pwnedImg = true">';

export const SECRETS = [LEAKED_JWT, QUERY_TOKEN, PASSWORD];

const base = {
  profile: 'medmapp',
  reproduce: undefined,
} as const;

export const PASS_CHECK: Check = {
  ...base,
  id: 'medmapp-auth-01',
  title: 'Login with valid credentials returns a token pair',
  level: 'MUST',
  doc: '000 §3.4',
  requirement: 'POST /api/auth/login/ with a valid email and password answers 200 with access and refresh tokens.',
  tags: ['auth', 'http'],
  status: 'pass',
  reason: 'login answered 200 with both tokens',
  expected: ['200 with {access, refresh}'],
  observed: '200 {"access":"[redacted]","refresh":"[redacted]"}',
  durationMs: 12.4,
  transcript: [
    { at: 0.3, channel: 'http', dir: 'send', summary: 'POST /api/auth/login/', body: '{"email":"alice@example.test","password":"[redacted]"}' },
    { at: 11.9, channel: 'http', dir: 'recv', summary: 'POST /api/auth/login/ -> 200', body: '{"access":"[redacted]","refresh":"[redacted]"}' },
  ],
};

export const FAIL_CHECK: Check = {
  ...base,
  id: 'medmapp-messaging-03',
  title: 'Message content is echoed verbatim to every participant',
  level: 'MUST',
  doc: '000 §5.2',
  requirement: 'A chat_message frame is delivered to every participant of the conversation with its content unchanged.',
  tags: ['messaging', 'ws'],
  status: 'fail',
  reason: 'bob received a frame of type "error" instead of chat_message',
  expected: ['{"type":"chat_message"} frame on bob\'s socket within 2000 ms', 'close 1000 after delivery'],
  observed: `{"type":"error","detail":"${SCRIPT_PAYLOAD}"} (token ${LEAKED_JWT})`,
  hint: 'The server probably broadcasts before the message is saved; save first, then send to the group.',
  reproduce: [
    `websocat 'ws://localhost:8000/ws/chat/7/?token=${QUERY_TOKEN}'`,
    `curl -s -H 'Authorization: Bearer ${LEAKED_JWT}' http://localhost:8000/api/conversations/7/messages/`,
  ],
  durationMs: 2041.7,
  transcript: [
    { at: 0.4, channel: 'ws', dir: 'send', summary: `connect ws://localhost:8000/ws/chat/7/?token=${QUERY_TOKEN}` },
    { at: 8.1, channel: 'ws', dir: 'recv', summary: 'open (101 Switching Protocols)' },
    { at: 9.6, channel: 'ws', dir: 'send', summary: 'text chat_message', body: `{"type":"chat_message","content":"${SCRIPT_PAYLOAD}"}` },
    { at: 31.2, channel: 'ws', dir: 'recv', summary: `text error ${IMG_PAYLOAD}`, body: `{"type":"error","detail":"${SCRIPT_PAYLOAD}","token":"${LEAKED_JWT}"}` },
    { at: 35, channel: 'note', dir: 'info', summary: 'terminal escape from server: \u001b[2J\u001b]0;owned\u0007 done' },
    { at: 2040.2, channel: 'ws', dir: 'info', summary: 'close 1006 (abnormal closure)' },
  ],
};

export const SKIP_CHECK: Check = {
  ...base,
  id: 'medmapp-auth-07',
  title: 'Visitor tokens are accepted on the visitor socket',
  level: 'MAY',
  doc: '000 §3.10',
  requirement: 'A visitor token from POST /api/visitors/ MAY open the visitor chat socket.',
  tags: ['auth', 'visitor'],
  status: 'skip',
  reason: 'the target file names no visitor user',
  expected: ['101 Switching Protocols'],
  observed: '',
  durationMs: 0,
  transcript: [],
};

export const ERROR_CHECK: Check = {
  ...base,
  id: 'medmapp-pagination-02',
  title: 'Message pages link to the next page',
  level: 'SHOULD',
  doc: '000 §6.1',
  requirement: 'GET /api/conversations/{id}/messages/ SHOULD return a next link while more messages exist.',
  tags: ['pagination', 'http'],
  status: 'error',
  reason: 'connection refused while seeding 60 messages',
  expected: ['200 with a "next" URL'],
  observed: `ECONNREFUSED 127.0.0.1:8000 (after logging in as alice with ${PASSWORD})`,
  reproduce: ['curl -s http://localhost:8000/api/conversations/7/messages/?page=2'],
  durationMs: 5.2,
  transcript: [{ at: 5.1, channel: 'http', dir: 'send', summary: 'GET /api/conversations/7/messages/' }],
};

export const SECOND_PASS: Check = {
  ...PASS_CHECK,
  id: 'medmapp-auth-02',
  title: 'Refresh returns a new access token',
  level: 'SHOULD',
  reason: 'refresh answered 200 with a new access token',
  durationMs: 8,
};

export function makeResults(overrides: Partial<RunResults> = {}): RunResults {
  // JSON round trip: independent copies, and optional fields left undefined disappear as in a real run.
  const checks: Check[] = JSON.parse(JSON.stringify([PASS_CHECK, SECOND_PASS, FAIL_CHECK, SKIP_CHECK, ERROR_CHECK]));
  return {
    tool: { name: 'chatconform', version: '0.1.0' },
    startedAt: '2025-03-04T10:15:00.000Z',
    finishedAt: '2025-03-04T10:15:02.107Z',
    strict: false,
    target: {
      profile: 'medmapp',
      baseUrl: 'http://localhost:8000',
      wsUrl: 'ws://localhost:8000',
      embedded: false,
      users: {
        alice: { id: 1, credentials: { email: 'alice@example.test', password: PASSWORD }, token: '[redacted]' },
        bob: { id: 2, token: LEAKED_JWT },
      },
      fixtures: { conversation: 7 },
    },
    summary: {
      total: 5,
      pass: 2,
      fail: 1,
      skip: 1,
      error: 1,
      blocked: 0,
      durationMs: 2107,
      verdict: 'fail',
      byLevel: {
        MUST: { pass: 1, fail: 1, skip: 0, error: 0, blocked: 0 },
        SHOULD: { pass: 1, fail: 0, skip: 0, error: 1, blocked: 0 },
        MAY: { pass: 0, fail: 0, skip: 1, error: 0, blocked: 0 },
      },
    },
    checks,
    ...overrides,
  };
}

/** Fresh temp dir per test; removed by the returned cleanup. */
export async function tempDir(prefix = 'chatconform-reports-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A writable that records what a reporter prints; `isTTY` makes it look like a terminal. */
export function captureStream(isTTY: boolean): Writable & { isTTY: boolean; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  }) as Writable & { isTTY: boolean; text(): string };
  stream.isTTY = isTTY;
  stream.text = () => chunks.join('');
  return stream;
}

export async function readAll(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of await readdir(dir)) out[name] = await readFile(join(dir, name), 'utf8');
  return out;
}

// eslint-disable-next-line no-control-regex
export const ANSI = /\u001b\[[0-9;]*[A-Za-z]|\u001b\][^\u0007]*\u0007/;

/** Plays `results` through the reporters' hooks in the order the runner calls them; the files written. */
export async function playRun(reporters: Reporter[], results: RunResults): Promise<string[]> {
  for (const r of reporters) r.onRunStart?.({ profile: results.target.profile, total: results.checks.length, target: results.target });
  for (const check of results.checks) {
    for (const r of reporters) r.onCheckStart?.({ id: check.id, profile: check.profile, title: check.title, level: check.level, doc: check.doc, tags: check.tags });
    for (const r of reporters) r.onCheckEnd?.(check);
  }
  return (await Promise.all(reporters.map((r) => r.onRunEnd(results)))).flat();
}

// A run as the issue-9 runner reports it: the operator's login failed (a prerequisite), which blocked
// three checks; a failed create blocked two more; a SHOULD check resting on a decision failed; the target
// file overrides the login; and two failures share one hint.
const HINT = 'A Django Channels consumer that calls self.close(code) before self.accept() refuses the upgrade with 403.';

function check(over: Partial<Check> & Pick<Check, 'id' | 'status'>): Check {
  return { ...PASS_CHECK, reproduce: undefined, transcript: [], expected: [], observed: '', durationMs: 3, reason: 'every verification held', ...over } as Check;
}

export function makeRootCauseResults(): RunResults {
  const login = { kind: 'prerequisite' as const, id: 'login:operator', reason: 'POST /api/login/ answered 401' };
  const create = { kind: 'check' as const, id: 'medmapp-conv-01', reason: 'creating a conversation answered 400' };
  const checks: Check[] = [
    check({ id: 'medmapp-auth-01', status: 'pass', doc: '000 §1', title: 'Login returns an access and a refresh token' }),
    check({
      id: 'medmapp-auth-04', status: 'fail', level: 'MUST', doc: '000 §3.4', title: 'WebSocket without a token closes with 4001',
      reason: 'the upgrade was refused with HTTP 403, so the close code 4001 is never delivered', expected: ['upgrade accepted (101), then close 4001'], observed: 'upgrade refused with HTTP 403', hint: HINT,
      reproduce: ['npx chatconform run --target-file t.json --only medmapp-auth-04'],
      transcript: [
        { at: 0.2, channel: 'ws', dir: 'send', summary: '[no-token] connect /ws/chat/1/' },
        { at: 4.1, channel: 'ws', dir: 'recv', summary: '[no-token] refused: HTTP 403 instead of 101', body: 'Forbidden' },
      ],
    }),
    check({
      id: 'medmapp-auth-05', status: 'fail', level: 'MUST', doc: '000 §3.4', title: 'WebSocket with a garbage token closes with 4001',
      reason: 'the upgrade was refused with HTTP 403', expected: ['close 4001'], observed: 'HTTP 403', hint: HINT,
      transcript: [
        { at: 0.2, channel: 'ws', dir: 'send', summary: '[garbage] connect /ws/chat/1/?token=not-a-jwt' },
        { at: 3.0, channel: 'ws', dir: 'recv', summary: '[garbage] refused: HTTP 403 instead of 101' },
        { at: 3.5, channel: 'ws', dir: 'send', summary: '[patient] connect /ws/chat/1/?token=[redacted]' },
        { at: 6.0, channel: 'ws', dir: 'recv', summary: '[patient] open (101 Switching Protocols)', body: 'HTTP/1.1 101 Switching Protocols\nupgrade: websocket\nconnection: Upgrade\nsec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=' },
        { at: 9.0, channel: 'ws', dir: 'recv', summary: '[patient] frame', body: JSON.stringify({ type: 'chat_message', data: { id: 1, content: 'x'.repeat(40), type: 'text', created_at: '2025-03-04T10:15:00Z', is_read_by_recipient: false, sender: { id: 10, full_name: 'Patient', role: 'patient' }, attachments: [] } }) },
      ],
    }),
    check({ id: 'medmapp-conv-01', status: 'fail', level: 'MUST', doc: '000 §2.2', title: 'An operator creates a conversation', reason: 'POST /api/conversations/ answered 400 {"created_by": ["required"]}', expected: ['201 with the conversation'], observed: '400' }),
    check({ id: 'medmapp-msg-01', status: 'blocked', level: 'MUST', doc: '000 §3.3', title: 'A message reaches the other participant', reason: 'blocked: no operator session', blockedBy: login }),
    check({ id: 'medmapp-msg-02', status: 'blocked', level: 'SHOULD', doc: '000 §3.3', decision: 'D-medmapp-18', title: 'The sender gets its own message back', reason: 'blocked: no operator session', blockedBy: login }),
    check({ id: 'medmapp-access-01', status: 'blocked', level: 'MUST', doc: '000 §3.4', title: "An outsider cannot join someone else's conversation", reason: 'blocked: no operator session', blockedBy: login }),
    check({ id: 'medmapp-rest-03', status: 'blocked', level: 'MUST', doc: '000 §2.2', title: 'Creating a conversation without a title answers 400', reason: 'blocked: no fresh conversation', blockedBy: create }),
    check({ id: 'medmapp-rest-04', status: 'blocked', level: 'SHOULD', doc: '000 §2.4', title: 'Mark as read answers the number marked', reason: 'blocked: no fresh conversation', blockedBy: create }),
    check({
      id: 'medmapp-access-02', status: 'fail', level: 'SHOULD', doc: '000 §3.4', decision: 'D-medmapp-07', title: 'An unknown conversation closes with 4003',
      reason: 'closed with 4000; decision D-medmapp-07, the document is silent', expected: ['close 4003'], observed: 'close 4000',
    }),
  ];
  const base = makeResults();
  const counts = (level?: string) => {
    const out = { pass: 0, fail: 0, skip: 0, error: 0, blocked: 0 };
    for (const c of checks) if (!level || c.level === level) out[c.status]++;
    return out;
  };
  return {
    ...base,
    target: {
      ...base.target,
      endpoints: { 'auth.login': { path: '/api/login/', fields: { phone: 'phone_number' }, accessPath: 'tokens.access' } },
      variants: ['login-elsewhere'],
      faults: ['ws-reject-handshake-403'],
    },
    summary: { total: checks.length, ...counts(), durationMs: 1234, verdict: 'fail', byLevel: { MUST: counts('MUST'), SHOULD: counts('SHOULD'), MAY: counts('MAY') } },
    checks,
    prerequisites: [
      { id: 'login:patient', title: 'Log in as patient', status: 'ok', reason: 'POST /api/login/ answered 200', transcript: [] },
      {
        id: 'login:operator', title: 'Log in as operator', status: 'failed', reason: 'POST /api/login/ answered 401 {"detail": "No active account found with the given credentials"}',
        transcript: [
          { at: 0.1, channel: 'http', dir: 'send', summary: 'POST /api/login/', body: `{"phone_number":"+998901111111","password":"${PASSWORD}"}` },
          { at: 7.2, channel: 'http', dir: 'recv', summary: '401 application/json (62 B)', body: '{"detail":"No active account found with the given credentials"}' },
        ],
      },
    ],
  };
}

/** The same run with its MUST failures gone: only blocked MUST checks remain, so the verdict is incomplete. */
export function makeIncompleteResults(): RunResults {
  const r = makeRootCauseResults();
  r.checks = r.checks.filter((c) => !(c.level === 'MUST' && c.status === 'fail')).map((c) => (c.blockedBy?.kind === 'check' ? { ...c, blockedBy: { kind: 'prerequisite', id: 'login:operator', reason: 'POST /api/login/ answered 401' } } : c));
  const counts = { pass: 0, fail: 0, skip: 0, error: 0, blocked: 0 };
  for (const c of r.checks) counts[c.status]++;
  r.summary = { ...r.summary, total: r.checks.length, ...counts, verdict: 'incomplete', byLevel: undefined };
  return r;
}
