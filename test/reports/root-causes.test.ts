// Console and JUnit with failed prerequisites and blocked checks: each root cause once, with the checks
// it blocked beneath it; one hint once; decisions; overrides, variants and faults in the header.
import { describe, expect, it, vi } from 'vitest';
import { consoleReporter } from '../../reports/console.ts';
import { buildJUnit } from '../../reports/junit.ts';
import { validate } from '../../core/schemas.ts';
import { PASSWORD, captureStream, makeIncompleteResults, makeRootCauseResults, playRun } from './fixtures.ts';
import { child, findAll, parseXml } from './xml.ts';

async function consoleText(results = makeRootCauseResults()): Promise<string> {
  vi.stubEnv('CI', 'true');
  const stream = captureStream(false);
  await playRun([consoleReporter({ outDir: '/nonexistent', stream, color: false })], results);
  vi.unstubAllEnvs();
  return stream.text();
}

describe('report fixtures', () => {
  it('are valid run results', () => {
    expect(validate('meta/results', makeRootCauseResults()).errors).toEqual([]);
    expect(validate('meta/results', makeIncompleteResults()).errors).toEqual([]);
  });
});

describe('console: root causes', () => {
  it('lists the overrides, variants and faults in effect under the header', async () => {
    const out = await consoleText();
    expect(out).toContain('\n  overrides  auth.login: path /api/login/, fields {"phone":"phone_number"}, accessPath tokens.access\n');
    expect(out).toContain('\n  variants   login-elsewhere\n');
    expect(out).toContain('\n  faults     ws-reject-handshake-403\n');
  });

  it('shows the failed prerequisite once, with its exchange and the checks it blocked beneath it', async () => {
    const out = await consoleText();
    expect(out.split('No active account found with the given credentials').length - 1).toBe(1);
    const block = out.slice(out.indexOf('Blocked: 5 checks by 2 root causes'));
    expect(block).toContain('  ✗ prerequisite login:operator: Log in as operator\n');
    expect(block).toContain('      blocked    3 checks:\n                 ⊘ medmapp-msg-01 [MUST] A message reaches the other participant\n');
    expect(block).toContain('  ✗ check medmapp-conv-01: POST /api/conversations/ answered 400 {"created_by": ["required"]} (shown above with the 2 checks it blocked)');
    // Blocked checks are one line each in their section, naming the cause, without a reason block.
    expect(out).toContain('    ⊘ medmapp-msg-01 [MUST] A message reaches the other participant (3 ms) — blocked by prerequisite login:operator\n');
    expect(out).not.toContain(PASSWORD);
  });

  it('prints a shared hint once, marks SHOULD findings as not gating, and quotes the decision', async () => {
    const out = await consoleText();
    expect(out.split('before self.accept() refuses').length - 1).toBe(1);
    expect(out).toContain('        hint       same as medmapp-auth-04\n');
    expect(out).toContain('medmapp-access-02 [SHOULD] An unknown conversation closes with 4003 (3 ms) (SHOULD: not gating without --strict)');
    expect(out).toContain('        decision   D-medmapp-07 (the document is silent): A well-formed id that does not exist closes with 4003');
  });

  it('calls a run whose MUST checks were only blocked INCOMPLETE, with the reason', async () => {
    const out = await consoleText(makeIncompleteResults());
    expect(out).toMatch(/Verdict {2}INCOMPLETE — no MUST check failed, but 3 MUST checks could not test their subject \(blocked by login:operator\): incomplete, exit 4/);
  });
});

describe('junit: root causes', () => {
  const root = parseXml(buildJUnit(makeRootCauseResults()));
  const caseNamed = (id: string) => findAll(root, 'testcase').find((t) => t.attrs.name.startsWith(`${id} `))!;

  it('writes each failed prerequisite as one errored case listing the checks it blocked', () => {
    const suite = findAll(root, 'testsuite').find((s) => s.attrs.name === 'medmapp prerequisites')!;
    expect(suite.attrs).toMatchObject({ tests: '2', errors: '1', failures: '0' });
    const error = child(caseNamed('login:operator'), 'error')!;
    expect(error.attrs.message).toBe('prerequisite failed: POST /api/login/ answered 401 {"detail": "No active account found with the given credentials"} (blocked 3 checks)');
    expect(error.text).toContain('blocked (3 checks could not test their subject):\n  medmapp-msg-01 [MUST]');
    expect(error.text).not.toContain(PASSWORD);
  });

  it('writes blocked checks as skipped with the cause, and a failed check with what it blocked', () => {
    const blocked = caseNamed('medmapp-msg-01');
    expect(child(blocked, 'skipped')?.attrs.message).toBe('blocked by prerequisite login:operator: POST /api/login/ answered 401');
    expect(findAll(blocked, 'property').map((p) => [p.attrs.name, p.attrs.value])).toContainEqual(['blockedBy', 'prerequisite login:operator']);
    expect(child(caseNamed('medmapp-conv-01'), 'failure')?.text).toContain('blocked (2 checks could not test their subject):\n  medmapp-rest-03 [MUST]');
  });

  it('carries the decision, the section title and the overrides in effect', () => {
    const finding = caseNamed('medmapp-access-02');
    expect(child(finding, 'skipped')?.attrs.message).toMatch(/^SHOULD finding, not gating without --strict: closed with 4000/);
    expect(findAll(finding, 'property').map((p) => [p.attrs.name, p.attrs.value])).toContainEqual(['decision', 'D-medmapp-07']);
    expect(child(finding, 'system-out')?.text).toContain('decision D-medmapp-07 (the document is silent):\n  A well-formed id');
    const suite = findAll(root, 'testsuite').find((s) => s.attrs.name === 'medmapp 000 §3.4 Close Kodlari (close codes)')!;
    const props = findAll(suite, 'property').map((p) => [p.attrs.name, p.attrs.value]);
    expect(props).toContainEqual(['variants', 'login-elsewhere']);
    expect(props).toContainEqual(['faults', 'ws-reject-handshake-403']);
  });
});
