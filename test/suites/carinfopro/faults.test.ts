// Proof that every CarInfoPro check can fail: for each check, the reference server with the matching fault
// switched on makes `chatconform run` exit as the check's level says, with that check failed and a reason;
// the correct server passes every check, and no secret (password, JWT, visitor token) reaches the results.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.ts';
import { FAULTS, startServer } from '../../../reference-server/index.ts';
import { SUITES } from '../../../suites/index.ts';
import type { RunResults } from '../../../generated/types/meta/results.ts';

const checks = SUITES.carinfopro!.checks;
const faults = FAULTS.carinfopro!;

async function run(args: string[]): Promise<{ code: number; results: RunResults }> {
  const out = mkdtempSync(join(tmpdir(), 'chatconform-proof-'));
  const code = await main(['node', 'chatconform', 'run', '--profile', 'carinfopro', '--reporter', 'json', '--out', out, '--timeout', '1500', ...args]);
  return { code, results: JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) };
}

describe('carinfopro faults map onto checks', () => {
  it('every check has at least one fault that breaks it, and every fault names a real check', () => {
    const ids = new Set(checks.map((c) => c.id));
    for (const f of faults) expect(ids, `fault ${f.name}`).toContain(f.check);
    const covered = new Set(faults.map((f) => f.check));
    expect(checks.filter((c) => !covered.has(c.id)).map((c) => c.id)).toEqual([]);
  });

  it('every check cites a section of document 003 or a carinfopro decision', () => {
    for (const c of checks) expect(c.doc, c.id).toMatch(/^(003 §.+|D-carinfopro-\d{2})$/);
  });
});

describe('against the correct reference server', () => {
  it('every carinfopro check passes and the run exits 0', async () => {
    const { code, results } = await run([]);
    const notPassing = results.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.status} ${c.reason}`);
    expect(notPassing).toEqual([]);
    expect(results.checks).toHaveLength(checks.length);
    expect(code).toBe(0);
  });

  it('no secret reaches the results: passwords, JWTs, the fixture visitor token, any visitor_token value', async () => {
    const server = await startServer({ profile: 'carinfopro', logger: false });
    const dir = mkdtempSync(join(tmpdir(), 'chatconform-proof-'));
    const file = join(dir, 'target.json');
    writeFileSync(file, JSON.stringify(server.target));
    try {
      const code = await main(['node', 'chatconform', 'run', '--target-file', file, '--reporter', 'json', '--out', dir, '--timeout', '1500']);
      const text = readFileSync(join(dir, 'results.json'), 'utf8');
      const results = JSON.parse(text) as RunResults;
      expect(results.summary.pass).toBe(checks.length);
      expect(code).toBe(0);
      const fixtureToken = server.target.users.visitor!.token!;
      for (const secret of ['owner-pass', 'other-owner-pass', 'eyJ', fixtureToken]) expect(text).not.toContain(secret);
      // Tokens minted during the run (each check's own rooms) are redacted wherever they are named.
      expect(text).toContain('visitor_token\\":\\"[redacted]');
      expect(text).not.toMatch(/visitor_token\\?"\s*:\s*\\?"[0-9a-f]/i);
      expect(text).not.toMatch(/[?&]visitor=[0-9a-f]/i);
    } finally {
      await server.close();
    }
  });
});

describe('each fault makes its check fail with a useful reason', () => {
  it.concurrent.each(faults.map((f) => [f.name, f.check]))('%s → %s', async (fault, check) => {
    const { code, results } = await run(['--fault', fault, '--only', check]);
    const result = results.checks.find((c) => c.id === check)!;
    expect(result.status, result.reason).toBe('fail');
    expect(result.reason.length).toBeGreaterThan(15);
    expect(result.expected.length).toBeGreaterThan(0);
    expect(result.observed).not.toBe('');
    expect(result.reproduce?.[0]).toBe(`chatconform run --profile carinfopro --only ${check}`);
    const level = checks.find((c) => c.id === check)!.level;
    expect(code).toBe(level === 'MUST' ? 1 : 0);
  });

  it('with --strict a failed SHOULD check exits 1 too', async () => {
    const { code, results } = await run(['--fault', 'close-after-error', '--only', 'carinfopro-err-05', '--strict']);
    expect(results.checks[0]!.status).toBe('fail');
    expect(code).toBe(1);
  });
});
