// What `chatconform run` tells a person and a CI job: one verdict line on stdout whatever the reporters,
// where the reports went, a combined verdict for several profiles, suggestions for typos, exit 4 for an
// incomplete run, reports even for an unreachable target, --wait-for-target, and the known-failures baseline.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { exitCode } from '../../cli/run.ts';
import { verdictLines } from '../../cli/verdict.ts';
import { validate } from '../../core/schemas.ts';
import { startServer } from '../../reference-server/index.ts';
import { makeIncompleteResults, makeResults } from '../reports/fixtures.ts';
import { silent } from '../harness/hostile.ts';

let stdout: string;
let stderr: string;
beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

const cli = (...args: string[]) => main(['node', 'chatconform', ...args]);
const fresh = () => mkdtempSync(join(tmpdir(), 'chatconform-out-'));

describe('the verdict line', () => {
  it('is one line on stdout with json alone, naming where the report went', async () => {
    const out = fresh();
    expect(await cli('run', '--only', 'medmapp-auth-0[1-2]', '--reporter', 'json', '--out', out)).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^chatconform: PASS · medmapp · no MUST check failed or errored · 2 checks in /);
    expect(lines[1]).toBe(`reports: ${join(out, 'results.json')}`);
  });

  it('is printed once with the console reporter too (the console omits its own)', async () => {
    vi.stubEnv('CI', 'true');
    expect(await cli('run', '--only', 'medmapp-auth-01', '--reporter', 'console', '--out', fresh())).toBe(0);
    expect(stdout.match(/PASS/g)).toHaveLength(1);
    expect(stdout).not.toMatch(/^Verdict/m);
    vi.unstubAllEnvs();
  });

  it('combines several profiles: the worst verdict wins, each profile on its own line', async () => {
    const out = fresh();
    expect(await cli('run', '--profile', 'medmapp', '--profile', 'carinfopro', '--only', 'medmapp-auth-01', '--only', 'carinfopro-start-01', '--reporter', 'json', '--out', out)).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ {2}medmapp {5}PASS/);
    expect(lines[1]).toMatch(/^ {2}carinfopro {2}PASS/);
    expect(lines[2]).toBe('chatconform: PASS · 2 profiles: 2 pass');
    expect(lines[3]).toBe(`reports: ${join(out, 'medmapp', 'results.json')}  ${join(out, 'carinfopro', 'results.json')}`);
  });

  it('explains an incomplete run, which exits 4; a failure wins with 1', () => {
    const incomplete = { profile: 'medmapp', results: makeIncompleteResults(), files: [] };
    expect(verdictLines([incomplete])[0]).toMatch(/^chatconform: INCOMPLETE · medmapp · no MUST check failed, but 3 MUST checks could not test their subject \(blocked by login:operator\): incomplete, exit 4/);
    expect(exitCode([incomplete])).toBe(4);
    expect(exitCode([incomplete, { results: makeResults() }])).toBe(1);
    expect(exitCode([incomplete, { unreachable: 'x' }])).toBe(3);
    const lines = verdictLines([incomplete, { profile: 'carinfopro', results: makeResults(), files: [] }]);
    expect(lines.at(-1)).toBe('chatconform: FAIL · 2 profiles: 1 fail, 1 incomplete');
  });
});

describe('usage errors that suggest', () => {
  it('names the nearest profile, fault (with its profile), reporter, and ids for a glob that matches nothing', async () => {
    expect(await cli('run', '--profile', 'medmap')).toBe(2);
    expect(stderr).toContain("unknown profile 'medmap' (did you mean 'medmapp'?)");
    expect(await cli('run', '--fault', 'no-rate-limt')).toBe(2);
    expect(stderr).toContain("unknown fault 'no-rate-limt' (did you mean 'no-rate-limit' (medmapp)?)");
    expect(await cli('run', '--profile', 'carinfopro', '--fault', 'no-rate-limit')).toBe(2);
    expect(stderr).toContain("fault 'no-rate-limit' belongs to profile medmapp, not carinfopro");
    stderr = '';
    // A name two profiles share is fine for either.
    expect(await cli('run', '--profile', 'carinfopro', '--fault', 'login-no-refresh', '--only', 'carinfopro-auth-0[1-9]', '--reporter', 'json', '--out', fresh(), '--timeout', '1500')).not.toBe(2);
    expect(stderr).not.toContain('belongs to');
    expect(await cli('run', '--reporter', 'jsno')).toBe(2);
    expect(stderr).toContain("'jsno' is not one of console, json, junit, html (did you mean 'json'?)");
    expect(await cli('run', '--only', 'medmapp-auht-01')).toBe(2);
    expect(stderr).toContain("--only 'medmapp-auht-01' matches no check; nearest: medmapp-auth-01");
    expect(await cli('run', '--profile', 'medmapp', '--exclude', 'medmapp-zzz-*')).toBe(2);
    expect(stderr).toContain("--exclude 'medmapp-zzz-*' matches no check");
  });

  it('refuses --profile with a target file of another profile', async () => {
    const file = join(fresh(), 'target.json');
    writeFileSync(file, JSON.stringify({ profile: 'carinfopro', baseUrl: 'http://127.0.0.1:1', users: { owner: { token: 'x' } } }));
    expect(await cli('run', '--profile', 'medmapp', '--target-file', file, '--reporter', 'json', '--out', fresh())).toBe(2);
    expect(stderr).toContain("--profile medmapp contradicts the target file's profile 'carinfopro'");
  });

  it('reports invalid JSON with line and column, and an unknown key with the nearest one', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'broken.json'), '{\n  "profile": "medmapp",\n  "baseUrl": "http://127.0.0.1:1"\n  "users": {}\n}\n');
    expect(await cli('run', '--target-file', join(dir, 'broken.json'))).toBe(2);
    expect(stderr).toMatch(/is not valid JSON: line 4, column 3: /);
    writeFileSync(join(dir, 'typo.json'), JSON.stringify({ profile: 'medmapp', baseUrl: 'http://127.0.0.1:1', users: { patient: { token: 'x' } }, fixture: { conversation: 1 } }));
    expect(await cli('run', '--target-file', join(dir, 'typo.json'))).toBe(2);
    expect(stderr).toContain("must NOT have additional properties 'fixture' (did you mean 'fixtures'?)");
    writeFileSync(join(dir, 'role.json'), JSON.stringify({ profile: 'medmapp', baseUrl: 'http://127.0.0.1:1', users: { patinet: { token: 'x' } } }));
    expect(await cli('run', '--target-file', join(dir, 'role.json'))).toBe(2);
    expect(stderr).toContain("users.patinet is not a role of medmapp (did you mean 'patient'?); its roles are patient, operator, outsider");
  });

  it('prints --version and lists checks in aligned columns', async () => {
    expect(await cli('--version')).toBe(0);
    expect(stdout.trim()).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
    stdout = '';
    expect(await cli('list')).toBe(0);
    const rows = stdout.trimEnd().split('\n').slice(0, -1);
    const titleAt = rows[0]!.indexOf('TITLE');
    for (const r of rows.slice(1)) expect(r.slice(titleAt - 2, titleAt)).toBe('  ');
  });

  it('serve refuses --redis for a dialect that runs in one process', async () => {
    expect(await cli('serve', '--profile', 'uzbekhub', '--workers', '2', '--redis', 'redis://127.0.0.1:1')).toBe(2);
    expect(stderr).toContain('the uzbekhub reference server runs in one process');
  });

  it('list --by-section groups the checks under their section, with its title and count', async () => {
    expect(await cli('list', '--profile', 'uzbekhub', '--by-section')).toBe(0);
    expect(stdout).toContain('004 §Chat API 10 — 10. Set Admin (3 checks)\n  uzbekhub-members-04');
    expect(stdout).toMatch(/\n\d+ checks in \d+ sections\n$/);
  });
});

describe('an unreachable target', () => {
  it('still writes junit.xml with one errored case saying so, results.json and report.html; exit 3', async () => {
    const h = await silent();
    const url = h.url;
    await h.close();
    const out = fresh();
    expect(await cli('run', '--profile', 'medmapp', '--target', url, '--token', 'patient=abc', '--only', 'medmapp-auth-0[1-3]', '--out', out, '--reporter', 'json,junit,html')).toBe(3);
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(junit.match(/<error /g)).toHaveLength(1);
    expect(junit).toMatch(/<error message="prerequisite failed: cannot reach http:\/\/127\.0\.0\.1:\d+/);
    expect(junit).toContain('blocked by prerequisite target:reachable');
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(validate('meta/results', results).ok).toBe(true);
    expect(results.summary).toMatchObject({ total: 3, blocked: 3 });
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    expect(stdout).toMatch(/^chatconform: UNREACHABLE · medmapp · cannot reach/m);
    expect(stdout).toContain('junit.xml');
    expect(junit).toMatch(/<testsuites name="chatconform medmapp: INCOMPLETE \(no check ran: cannot reach http:\/\/127\.0\.0\.1:\d+: .* \(exit 3\)\)"/);
  });

  it('--wait-for-target retries until a server that starts late answers', async () => {
    // A free port on which the reference server starts 1.5 s after the run begins.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const dir = fresh();
    writeFileSync(join(dir, 't.json'), JSON.stringify({
      profile: 'medmapp', baseUrl: `http://127.0.0.1:${port}`, users: { patient: { credentials: { phone: '+998901234567', password: 'patient-pass' } } },
    }));
    const args = ['run', '--target-file', join(dir, 't.json'), '--only', 'medmapp-auth-0[12]', '--reporter', 'json', '--out', dir];
    // Without waiting, the first connection is refused at once.
    expect(await cli(...args)).toBe(3);
    let server: Awaited<ReturnType<typeof startServer>> | undefined;
    const late = new Promise<void>((resolve) => setTimeout(() => void startServer({ profile: 'medmapp', port, logger: false }).then((s) => ((server = s), resolve())), 1500));
    try {
      expect(await cli(...args, '--wait-for-target', '20s')).toBe(0);
      expect(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')).summary).toMatchObject({ pass: 2 });
      expect(await cli('run', '--wait-for-target', 'soon')).toBe(2);
      expect(stderr).toContain("--wait-for-target needs a duration up to 1h such as 30s or 2m, got 'soon'");
    } finally {
      await late;
      await server?.close();
    }
  });
});

describe('a known-failures baseline', () => {
  const only = ['--only', 'medmapp-auth-0[45]', '--only', 'medmapp-rate-02', '--reporter', 'json'];
  it('exits 0 on the known failures, 1 when a new one appears, and names the fixed one', async () => {
    const dir = fresh();
    const baseline = join(dir, 'baseline.json');
    // Today: two known gaps.
    expect(await cli('run', ...only, '--out', dir, '--fault', 'ws-no-token-wrong-code', '--fault', 'no-rate-limit', '--write-baseline', baseline)).toBe(1);
    const written = JSON.parse(readFileSync(baseline, 'utf8'));
    expect(validate('meta/baseline', written).ok).toBe(true);
    expect(written.failures.map((f: { id: string }) => f.id)).toEqual(['medmapp-auth-04', 'medmapp-rate-02']);
    expect(written.failures[0].reason).toMatch(/4001/);
    expect(stdout).toContain(`baseline written to ${baseline} (2 known failures)`);

    stdout = '';
    expect(await cli('run', ...only, '--out', dir, '--fault', 'ws-no-token-wrong-code', '--fault', 'no-rate-limit', '--baseline', baseline)).toBe(0);
    expect(stdout).toMatch(/^chatconform: PASS · medmapp · .*baseline .*baseline\.json: 2 known, no new failure/m);

    // One gap fixed, a new one appears.
    stdout = '';
    expect(await cli('run', ...only, '--out', dir, '--fault', 'no-rate-limit', '--fault', 'ws-bad-token-wrong-code', '--baseline', baseline)).toBe(1);
    expect(stdout).toMatch(/^chatconform: FAIL · medmapp · 1 MUST check: 1 failed · .* 1 known, 1 new \(medmapp-auth-05\), fixed: medmapp-auth-04 \(remove from the baseline\)/m);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    expect(results.baseline).toEqual({ file: baseline, known: ['medmapp-rate-02'], new: ['medmapp-auth-05'], fixed: ['medmapp-auth-04'] });

    // Only the fixed one: exit 0, and it is named.
    stdout = '';
    expect(await cli('run', ...only, '--out', dir, '--fault', 'no-rate-limit', '--baseline', baseline)).toBe(0);
    expect(stdout).toContain('fixed: medmapp-auth-04');
  });

  it('a baseline that breaks its schema is a usage error', async () => {
    const file = join(fresh(), 'b.json');
    writeFileSync(file, JSON.stringify({ failures: [{ id: 'x' }] }));
    expect(await cli('run', '--only', 'medmapp-auth-01', '--baseline', file)).toBe(2);
    expect(stderr).toContain('does not match schemas/meta/baseline.schema.json');
  });
});
