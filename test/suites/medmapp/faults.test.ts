// Proof that every Medmapp check can fail: for each check, the reference server with the matching fault
// switched on makes `chatconform run` exit 1 with that check failed and a reason; the correct server
// passes every check.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.ts';
import { FAULTS } from '../../../reference-server/index.ts';
import { SUITES } from '../../../suites/index.ts';
import type { RunResults } from '../../../generated/types/meta/results.ts';

const checks = SUITES.medmapp.checks;
const faults = FAULTS.medmapp;

async function run(args: string[]): Promise<{ code: number; results: RunResults }> {
  const out = mkdtempSync(join(tmpdir(), 'chatconform-proof-'));
  const code = await main(['node', 'chatconform', 'run', '--profile', 'medmapp', '--reporter', 'json', '--out', out, '--timeout', '1500', ...args]);
  return { code, results: JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) };
}

describe('medmapp faults map onto checks', () => {
  it('every check has at least one fault that breaks it, and every fault names a real check', () => {
    const ids = new Set(checks.map((c) => c.id));
    for (const f of faults) expect(ids, `fault ${f.name}`).toContain(f.check);
    const covered = new Set(faults.map((f) => f.check));
    expect(checks.filter((c) => !covered.has(c.id)).map((c) => c.id)).toEqual([]);
  });
});

describe('against the correct reference server', () => {
  it('every medmapp check passes and the run exits 0', async () => {
    const { code, results } = await run([]);
    const notPassing = results.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.status} ${c.reason}`);
    expect(notPassing).toEqual([]);
    expect(results.checks).toHaveLength(checks.length);
    expect(code).toBe(0);
    const text = JSON.stringify(results);
    for (const secret of ['patient-pass', 'operator-pass', 'outsider-pass', 'eyJ']) expect(text).not.toContain(secret);
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
    expect(result.reproduce?.[0]).toBe(`chatconform run --profile medmapp --only ${check}`);
    const level = checks.find((c) => c.id === check)!.level;
    expect(code).toBe(level === 'MUST' ? 1 : 0);
  });

  it('with --strict a failed SHOULD check exits 1 too', async () => {
    const { code, results } = await run(['--fault', 'no-status-update', '--only', 'medmapp-status-01', '--strict']);
    expect(results.checks[0].status).toBe('fail');
    expect(code).toBe(1);
  });
});
