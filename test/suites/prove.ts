// The proof every suite owes (STYLE.md: a check that cannot fail is a defect): each fault of the reference
// server makes `chatconform run --fault F --only ID` fail that check with a reason and exit as its level
// says; every check has a fault; the correct server passes every check. With `variants`, the same proof
// against a server taking those other readings: it is compliant (exit 0, nothing that could run left
// unrun), and every fault is still caught.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { FAULTS, VARIANTS, startServer } from '../../reference-server/index.ts';
import type { TargetFile } from '../../core/target.ts';
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

/**
 * `chatconform run --target-file F` against a reference server started here, F being the server's own
 * target file: the suite as someone else's server meets it. The server is closed before this returns.
 */
export async function runTargetFile(profile: 'carechat' | 'carinfopro' | 'fiko' | 'medmapp' | 'uzbekhub'): Promise<{ code: number; results: RunResults; text: string; target: TargetFile }> {
  const server = await startServer({ profile, logger: false });
  try {
    return { ...(await runTarget(server.target)), target: server.target };
  } finally {
    await server.close();
  }
}

/** `chatconform run --target-file F --reporter json` with F holding `target`: the exit code and the results. */
export async function runTarget(target: unknown, timeoutMs = 1500): Promise<{ code: number; results: RunResults; text: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'chatconform-proof-'));
  const file = join(dir, 'target.json');
  writeFileSync(file, JSON.stringify(target));
  const code = await main(['node', 'chatconform', 'run', '--target-file', file, '--reporter', 'json', '--out', dir, '--timeout', String(timeoutMs)]);
  const text = readFileSync(join(dir, 'results.json'), 'utf8');
  return { code, results: JSON.parse(text) as RunResults, text };
}

/** `--variant a --variant b …` */
export const variantArgs = (names: readonly string[]): string[] => names.flatMap((n) => ['--variant', n]);

/**
 * What "compliant" means for a run against a variant: exit 0 without --strict, every MUST check passes
 * (but those of a statement the variant departs from), and no check is left unrun (skip, blocked, error),
 * as none is against the correct server. Returns the problems, one line each.
 */
export function compliance(profile: string, variants: readonly string[], code: number, results: RunResults): string[] {
  const departed = new Set(variants.flatMap((n) => VARIANTS[profile]!.find((v) => v.name === n)?.departs?.checks ?? []));
  const problems = results.checks
    .filter((c) => !departed.has(c.id))
    .filter((c) => c.status === 'skip' || c.status === 'blocked' || c.status === 'error' || (c.level === 'MUST' && c.status !== 'pass'))
    .map((c) => `${c.id} [${c.level}] ${c.status}: ${c.reason}`);
  // A departed MUST statement fails the run by design; nothing else may.
  const expected = results.checks.some((c) => departed.has(c.id) && c.level === 'MUST' && c.status !== 'pass') ? 1 : 0;
  if (code !== expected) problems.push(`exit code ${code}, expected ${expected}`);
  if (results.checks.length !== SUITES[profile]!.checks.length) problems.push(`${results.checks.length} of ${SUITES[profile]!.checks.length} checks ran`);
  return problems;
}

export function proveSuite(profile: string, opts: { secrets: string[]; strictFault: [fault: string, check: string]; variants?: readonly string[] }): void {
  const checks = SUITES[profile]!.checks;
  const faults = FAULTS[profile]!;
  const variants = opts.variants ?? [];
  const extra = variantArgs(variants);
  const under = variants.length ? ` with variants ${variants.join(', ')}` : '';

  if (variants.length) {
    describe(`${profile}: against the reference server${under}`, () => {
      it('the run is compliant: exit 0 without --strict, every MUST check passes, none left unrun; no secret reaches the results', async () => {
        const { code, results, text } = await runProfile(profile, extra, 3000);
        expect(compliance(profile, variants, code, results)).toEqual([]);
        for (const secret of [...opts.secrets, 'eyJ']) expect(text).not.toContain(secret);
      }, 120_000);
    });
  } else describe(`${profile} faults map onto checks`, () => {
    it('every check has at least one fault that breaks it, and every fault names a real check', () => {
      const ids = new Set(checks.map((c) => c.id));
      for (const f of faults) expect(ids, `fault ${f.name}`).toContain(f.check);
      const covered = new Set(faults.map((f) => f.check));
      expect(checks.filter((c) => !covered.has(c.id)).map((c) => c.id)).toEqual([]);
    });
  });

  if (!variants.length) describe(`${profile}: against the correct reference server`, () => {
    it('every check passes, the run exits 0, and no secret reaches the results', async () => {
      const { code, results, text } = await runProfile(profile, [], 3000);
      const notPassing = results.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.status} ${c.reason}`);
      expect(notPassing).toEqual([]);
      expect(results.checks).toHaveLength(checks.length);
      expect(code).toBe(0);
      for (const secret of [...opts.secrets, 'eyJ']) expect(text).not.toContain(secret);
    });
  });

  describe(`${profile}: each fault makes its check fail with a useful reason${under}`, () => {
    it.concurrent.each(faults.map((f) => [f.name, f.check]))('%s → %s', async (fault, check) => {
      // A variant that leaves nothing to observe the fault by (VariantSpec.masks) sits this one out.
      const on = variants.filter((n) => !VARIANTS[profile]!.find((v) => v.name === n)?.masks?.[fault]);
      const { code, results } = await runProfile(profile, ['--fault', fault, '--only', check, ...variantArgs(on)]);
      const result = results.checks.find((c) => c.id === check)!;
      expect(result.status, result.reason).toBe('fail');
      expect(result.reason.length).toBeGreaterThan(15);
      expect(result.expected.length).toBeGreaterThan(0);
      expect(result.observed).not.toBe('');
      const variantFlags = on.map((v) => ` --variant ${v}`).join('');
      expect(result.reproduce?.[0]).toBe(`npx chatconform run --profile ${profile} --fault ${fault}${variantFlags} --timeout 1500 --only ${check}`);
      const level = checks.find((c) => c.id === check)!.level;
      expect(code).toBe(level === 'MUST' ? 1 : 0);
    });

    it('with --strict a failed SHOULD check exits 1 too', async () => {
      const [fault, check] = opts.strictFault;
      const { code, results } = await runProfile(profile, ['--fault', fault, '--only', check, '--strict', ...extra]);
      expect(checks.find((c) => c.id === check)!.level).toBe('SHOULD');
      expect(results.checks[0]!.status).toBe('fail');
      expect(code).toBe(1);
    });
  });
}
