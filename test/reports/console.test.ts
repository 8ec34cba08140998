import { afterEach, describe, expect, it, vi } from 'vitest';
import { consoleReporter } from '../../reports/console.ts';
import type { RunResults } from '../../reports/reporter.ts';
import { ANSI, FAIL_CHECK, SECRETS, captureStream, makeResults, playRun } from './fixtures.ts';

async function run(opts: { isTTY: boolean; color?: boolean; results?: RunResults }): Promise<string> {
  const results = opts.results ?? makeResults();
  const stream = captureStream(opts.isTTY);
  const reporter = consoleReporter({ outDir: '/nonexistent', stream, color: opts.color });
  expect(await playRun([reporter], results)).toEqual([]);
  return stream.text();
}

afterEach(() => vi.unstubAllEnvs());

describe('console reporter on a TTY', () => {
  it('shows one coloured symbol per check as it ends, then the counter', async () => {
    vi.stubEnv('CI', '');
    vi.stubEnv('NO_COLOR', '');
    const out = await run({ isTTY: true });
    expect(out).toMatch(ANSI);
    // eslint-disable-next-line no-control-regex
    const plain = out.replace(/\u001b\[[0-9;]*m/g, '');
    expect(plain.split('\n')[1]).toBe('✓✓✗-! 5/5');
    expect(plain).not.toContain('[1/5]');
  });

  it('prints no ANSI at all when color is false', async () => {
    vi.stubEnv('CI', '');
    const out = await run({ isTTY: true, color: false });
    expect(out).not.toContain('\u001b');
    expect(out.split('\n')[1]).toBe('✓✓✗-! 5/5');
  });

  it('wraps the progress symbols every 50 checks with a counter', async () => {
    vi.stubEnv('CI', '');
    const base = makeResults();
    const checks = Array.from({ length: 120 }, (_, i) => ({ ...base.checks[0], id: `medmapp-bulk-${String(i).padStart(3, '0')}` }));
    const out = await run({ isTTY: true, color: false, results: { ...base, checks } });
    const lines = out.split('\n');
    expect(lines[1]).toBe(`${'✓'.repeat(50)}  50/120`);
    expect(lines[2]).toBe(`${'✓'.repeat(50)} 100/120`);
    expect(lines[3]).toBe(`${'✓'.repeat(20)} 120/120`);
  });
});

describe('console reporter in CI', () => {
  it('prints one plain line per check that did not pass and no ANSI, even on a TTY; passes appear once, in the tree', async () => {
    vi.stubEnv('CI', 'true');
    const out = await run({ isTTY: true });
    expect(out).not.toContain('\u001b');
    expect(out).not.toContain('[1/5]');
    expect(out.match(/medmapp-auth-01/g)).toHaveLength(1);
    expect(out).toContain('[3/5] ✗ fail  medmapp-messaging-03 (2.04 s) — bob received a frame of type "error" instead of chat_message\n');
    expect(out).toContain('[4/5] - skip  medmapp-auth-07 (0 ms) — the target file names no visitor user\n');
    expect(out).toContain('[5/5] ! error medmapp-pagination-02 (5 ms) — connection refused while seeding 60 messages\n');
  });

  it('treats a stream that is not a TTY like CI', async () => {
    vi.stubEnv('CI', '');
    const out = await run({ isTTY: false });
    expect(out).not.toContain('\u001b');
    expect(out).toContain('[3/5] ✗ fail  medmapp-messaging-03');
    expect(out).not.toContain('[2/5]');
  });
});

describe('console reporter tree and summary', () => {
  it('groups checks by profile and document section, one line per check', async () => {
    vi.stubEnv('CI', 'true');
    const out = await run({ isTTY: false });
    const tree = out.slice(out.indexOf('\nmedmapp\n'));
    const expectedOrder = [
      '\nmedmapp\n',
      '\n  000 §3.4 Close Kodlari (close codes)\n',
      '\n    ✓ medmapp-auth-01 [MUST] Login with valid credentials returns a token pair (12 ms)\n',
      '\n    ✓ medmapp-auth-02 [SHOULD] Refresh returns a new access token (8 ms)\n',
      '\n  000 §3.10 WebSocket - Real-time Chat\n',
      '\n    - medmapp-auth-07 [MAY] Visitor tokens are accepted on the visitor socket (0 ms) — skipped: the target file names no visitor user\n',
      '\n  000 §5.2 Frontend Integratsiya Algoritmi (frontend integration)\n',
      '\n    ✗ medmapp-messaging-03 [MUST] Message content is echoed verbatim to every participant (2.04 s)\n',
      '\n  000 §6.1 Xavfsizlik Eslatmalari (security notes)\n',
      '\n    ! medmapp-pagination-02 [SHOULD] Message pages link to the next page (5 ms) (SHOULD: not gating without --strict)\n',
    ];
    let at = 0;
    for (const piece of expectedOrder) {
      const next = tree.indexOf(piece, at);
      expect(next, piece).toBeGreaterThanOrEqual(at);
      at = next + 1;
    }
  });

  it('spells out a failure: reason, every expected outcome, observed, hint, reproduction', async () => {
    vi.stubEnv('CI', 'true');
    const out = await run({ isTTY: false });
    const block = out.slice(out.indexOf('    ✗ medmapp-messaging-03'), out.indexOf('  000 §6.1'));
    expect(block).toContain(`        reason     ${FAIL_CHECK.reason}\n`);
    expect(block).toContain(`        expected   ${FAIL_CHECK.expected[0]}\n                   ${FAIL_CHECK.expected[1]}\n`);
    expect(block).toMatch(/ {8}observed {3}\{"type":"error","detail":"<script>.*<\/script>"\} \(token \[redacted\]\)\n/);
    expect(block).toContain(`        hint       ${FAIL_CHECK.hint}\n`);
    expect(block).toContain("        reproduce  $ websocat 'ws://localhost:8000/ws/chat/7/?token=[redacted]'\n");
    expect(block).toContain("                   $ curl -s -H 'Authorization: Bearer [redacted]' http://localhost:8000/api/conversations/7/messages/\n");
    const error = out.slice(out.indexOf('    ! medmapp-pagination-02'));
    expect(error).toContain('        reason     connection refused while seeding 60 messages\n');
    expect(error).toContain('        observed   ECONNREFUSED 127.0.0.1:8000 (after logging in as alice with [redacted])\n');
  });

  it('ends with counts by status and by level and the verdict', async () => {
    vi.stubEnv('CI', 'true');
    const out = await run({ isTTY: false });
    expect(out.trimEnd().split('\n').slice(-3)).toEqual([
      'Checks   5 total · 2 pass · 1 fail · 0 blocked · 1 skip · 1 error',
      'Levels   MUST 2 (1 pass, 1 fail) · SHOULD 2 (1 pass, 1 error) · MAY 1 (1 skip)',
      'Verdict  FAIL — 1 MUST check: 1 failed · 2.11 s',
    ]);
  });

  it('still prints the tree and summary when the run ends without onRunStart or progress', async () => {
    vi.stubEnv('CI', 'true');
    const stream = captureStream(false);
    await consoleReporter({ outDir: '/nonexistent', stream }).onRunEnd(makeResults());
    expect(stream.text()).toContain('    ✗ medmapp-messaging-03 [MUST]');
    expect(stream.text()).toContain('Verdict  FAIL');
  });

  it('colours the tree only when color is true', async () => {
    vi.stubEnv('CI', 'true');
    expect(await run({ isTTY: false, color: true })).toMatch(ANSI);
    expect(await run({ isTTY: false, color: false })).not.toMatch(ANSI);
  });

  it('never passes terminal escapes or secrets from the results through to the terminal', async () => {
    vi.stubEnv('CI', 'true');
    const results = makeResults();
    results.checks[2].reason = 'frame said \u001b[2J\u001b]0;owned\u0007 and \u009b31m';
    results.checks[2].observed = `token=${SECRETS[0]}`;
    const out = await run({ isTTY: false, color: false, results });
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(out).toContain('frame said \\x1b[2J\\x1b]0;owned\\x07 and \\x9b31m');
    for (const secret of SECRETS) expect(out).not.toContain(secret);
  });
});
