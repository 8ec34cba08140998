// The proof every suite owes (STYLE.md: a check that cannot fail is a defect): each fault of the reference
// server makes `chatconform run --fault F --only ID` fail that check with a reason and exit as its level
// says; every check has a fault; the correct server passes every check.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { FAULTS } from '../../reference-server/index.ts';
import { SUITES } from '../../suites/index.ts';
import type { RunResults } from '../../generated/types/meta/results.ts';

/**
 * `chatconform run --profile P --reporter json …` in-process: the exit code and the results file. A faulty
 * server makes checks wait the whole timeout for what never comes, so fault runs use a short one.
 */
export async function runProfile(profile: string, args: string[], timeoutMs = 1500): Promise<{ code: number; results: RunResults; text: string }> {
  const out = mkdtempSync(join(tmpdir(), 'chatconform-proof-'));
  const code = await main(['node', 'chatconform', 'run', '--profile', profile, '--reporter', 'json', '--out', out, '--timeout', String(timeoutMs), ...args]);
  const text = readFileSync(join(out, 'results.json'), 'utf8');
  return { code, results: JSON.parse(text) as RunResults, text };
}

export function proveSuite(profile: string, opts: { secrets: string[]; strictFault: [fault: string, check: string] }): void {
  const checks = SUITES[profile]!.checks;
  const faults = FAULTS[profile]!;

  describe(`${profile} faults map onto checks`, () => {
    it('every check has at least one fault that breaks it, and every fault names a real check', () => {
      const ids = new Set(checks.map((c) => c.id));
      for (const f of faults) expect(ids, `fault ${f.name}`).toContain(f.check);
      const covered = new Set(faults.map((f) => f.check));
      expect(checks.filter((c) => !covered.has(c.id)).map((c) => c.id)).toEqual([]);
    });
  });

  describe(`${profile}: against the correct reference server`, () => {
    it('every check passes, the run exits 0, and no secret reaches the results', async () => {
      const { code, results, text } = await runProfile(profile, [], 3000);
      const notPassing = results.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.status} ${c.reason}`);
      expect(notPassing).toEqual([]);
      expect(results.checks).toHaveLength(checks.length);
      expect(code).toBe(0);
      for (const secret of [...opts.secrets, 'eyJ']) expect(text).not.toContain(secret);
    });
  });

  describe(`${profile}: each fault makes its check fail with a useful reason`, () => {
    it.concurrent.each(faults.map((f) => [f.name, f.check]))('%s → %s', async (fault, check) => {
      const { code, results } = await runProfile(profile, ['--fault', fault, '--only', check]);
      const result = results.checks.find((c) => c.id === check)!;
      expect(result.status, result.reason).toBe('fail');
      expect(result.reason.length).toBeGreaterThan(15);
      expect(result.expected.length).toBeGreaterThan(0);
      expect(result.observed).not.toBe('');
      expect(result.reproduce?.[0]).toBe(`npx chatconform run --profile ${profile} --fault ${fault} --timeout 1500 --only ${check}`);
      const level = checks.find((c) => c.id === check)!.level;
      expect(code).toBe(level === 'MUST' ? 1 : 0);
    });

    it('with --strict a failed SHOULD check exits 1 too', async () => {
      const [fault, check] = opts.strictFault;
      const { code, results } = await runProfile(profile, ['--fault', fault, '--only', check, '--strict']);
      expect(checks.find((c) => c.id === check)!.level).toBe('SHOULD');
      expect(results.checks[0]!.status).toBe('fail');
      expect(code).toBe(1);
    });
  });
}
