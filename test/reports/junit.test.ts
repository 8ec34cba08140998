import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildJUnit, junitReporter } from '../../reports/junit.ts';
import { FAIL_CHECK, SECRETS, makeResults, tempDir } from './fixtures.ts';
import { child, findAll, parseXml, type XmlElement } from './xml.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

async function written(results = makeResults()): Promise<{ xml: string; root: XmlElement }> {
  const files = await junitReporter({ outDir: dir }).onRunEnd(results);
  expect(files).toEqual([join(dir, 'junit.xml')]);
  const xml = await readFile(files[0], 'utf8');
  return { xml, root: parseXml(xml) };
}

const caseNamed = (root: XmlElement, id: string): XmlElement => {
  const tc = findAll(root, 'testcase').find((t) => t.attrs.name.startsWith(`${id} `));
  if (!tc) throw new Error(`no testcase for ${id}`);
  return tc;
};

describe('junit reporter', () => {
  it('writes well-formed XML with the run totals on <testsuites>', async () => {
    const { root } = await written();
    expect(root.name).toBe('testsuites');
    // The SHOULD error does not gate without --strict: skipped, so the test tab is not red on a green job.
    expect(root.attrs).toMatchObject({ tests: '5', failures: '1', errors: '0', skipped: '2' });
    expect(root.attrs.name).toBe('chatconform medmapp: FAIL (1 MUST check: 1 failed)');
  });

  it('has one testsuite per profile + document section with its own counts', async () => {
    const { root } = await written();
    const suites = findAll(root, 'testsuite');
    expect(suites.map((s) => [s.attrs.name, s.attrs.tests, s.attrs.failures, s.attrs.errors, s.attrs.skipped])).toEqual([
      ['medmapp 000 §3.4 Close Kodlari (close codes)', '2', '0', '0', '0'],
      ['medmapp 000 §3.10 WebSocket - Real-time Chat', '1', '0', '0', '1'],
      ['medmapp 000 §5.2 Frontend Integratsiya Algoritmi (frontend integration)', '1', '1', '0', '0'],
      ['medmapp 000 §6.1 Xavfsizlik Eslatmalari (security notes)', '1', '0', '0', '1'],
    ]);
    expect(suites[0].attrs.timestamp).toBe('2025-03-04T10:15:00');
    expect(suites[0].attrs.time).toBe('0.02');
  });

  it('names each testcase `ID title [LEVEL]` with classname profile.section', async () => {
    const { root } = await written();
    const cases = findAll(root, 'testcase');
    expect(cases).toHaveLength(5);
    expect(cases[0].attrs).toMatchObject({
      classname: 'medmapp.000 §3.4',
      name: 'medmapp-auth-01 Login with valid credentials returns a token pair [MUST]',
      time: '0.012',
    });
    expect(caseNamed(root, 'medmapp-pagination-02').attrs.classname).toBe('medmapp.000 §6.1');
  });

  it('reports a failure with message = reason and a body with expected, observed and the transcript', async () => {
    const { root } = await written();
    const tc = caseNamed(root, 'medmapp-messaging-03');
    const failure = child(tc, 'failure');
    expect(failure?.attrs.message).toBe(FAIL_CHECK.reason);
    expect(failure?.attrs.type).toBe('MUST');
    const body = failure?.text ?? '';
    expect(body).toContain(`expected (any of):\n  ${FAIL_CHECK.expected[0]}\n  ${FAIL_CHECK.expected[1]}\n`);
    expect(body).toContain("observed:\n  {\"type\":\"error\",\"detail\":\"<script>window.__pwned = true; document.title = 'pwned'</script>\"} (token [redacted])\n");
    expect(body).toContain(`hint:\n  ${FAIL_CHECK.hint}\n`);
    expect(body).toContain("reproduce:\n  $ websocat 'ws://localhost:8000/ws/chat/7/?token=[redacted]'\n");
    expect(body).toContain('     +9.6 ms  ws   → text chat_message\n');
    expect(body).toContain('      +31 ms  ws   ← text error <img src=x onerror="window.__pwnedImg = true">\n');
    expect(body).toContain('    +2040 ms  ws   · close 1006 (abnormal closure)');
    expect(body).toContain('\\x1b[2J\\x1b]0;owned\\x07');
  });

  it('writes a SHOULD problem without --strict as skipped with the finding as message and property', async () => {
    const { root } = await written();
    const tc = caseNamed(root, 'medmapp-pagination-02');
    expect(child(tc, 'error')).toBeUndefined();
    expect(child(tc, 'skipped')?.attrs.message).toBe('SHOULD finding, not gating without --strict: connection refused while seeding 60 messages');
    const props = findAll(tc, 'property').map((p) => [p.attrs.name, p.attrs.value]);
    expect(props).toContainEqual(['finding', 'error']);
    expect(child(tc, 'system-out')?.text).toContain('observed:\n  ECONNREFUSED 127.0.0.1:8000');
  });

  it('reports errors and skips as such (a SHOULD error under --strict is an error)', async () => {
    const { root } = await written(makeResults({ strict: true }));
    const error = child(caseNamed(root, 'medmapp-pagination-02'), 'error');
    expect(error?.attrs.message).toBe('connection refused while seeding 60 messages');
    expect(error?.text).toContain('observed:\n  ECONNREFUSED 127.0.0.1:8000');
    const skipped = caseNamed(root, 'medmapp-auth-07');
    expect(child(skipped, 'skipped')?.attrs.message).toBe('skipped: the target file names no visitor user');
    expect(child(skipped, 'system-out')?.text).toBe('skipped: the target file names no visitor user');
    const pass = caseNamed(root, 'medmapp-auth-01');
    expect(pass.children.map((c) => c.name)).toEqual(['properties', 'system-out']);
  });

  it('stays well-formed whatever a hostile server sends: CDATA terminators, control characters, lone surrogates', () => {
    const results = makeResults();
    results.checks[2].observed = 'a ]]> b ]]> c \u0000\u0007\u001b[31m \ud800 end';
    results.checks[2].reason = 'reason with <tag> & "quotes" \u0001';
    results.checks[2].transcript[0].body = ']]><x>]]>';
    const root = parseXml(buildJUnit(results));
    const failure = child(caseNamed(root, 'medmapp-messaging-03'), 'failure');
    expect(failure?.attrs.message).toBe('reason with <tag> & "quotes" \\x01');
    expect(failure?.text).toContain('a ]] > b ]] > c \\x00\\x07\\x1b[31m \ufffd end');
  });

  it('contains no secret', async () => {
    const { xml } = await written();
    for (const secret of SECRETS) expect(xml).not.toContain(secret);
  });
});
