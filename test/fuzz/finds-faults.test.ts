// The fuzzer can fail: against the reference server with a fuzz-only fault (reference-server/fuzz-faults.ts)
// it finds the one input class that crashes, 500s or hangs the server, and reports it with a reproduction
// that holds no secret.
import { afterEach, describe, expect, it } from 'vitest';
import { startChildServer, type ChildServer } from '../../fuzz/embedded.ts';
import { countsLine, runFuzz, type Finding } from '../../fuzz/engine.ts';
import { FUZZ_FAULTS } from '../../reference-server/faults.ts';
import { FAULTS } from '../../reference-server/faults.ts';

let server: ChildServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

function secretsOf(s: ChildServer): string[] {
  return Object.values(s.target.users).flatMap((u) => [u.token, u.expiredToken, u.credentials?.password]).filter((v): v is string => Boolean(v));
}

describe('fuzz-only faults', () => {
  it('are kept out of the conformance fault table', () => {
    for (const [profile, list] of Object.entries(FUZZ_FAULTS)) {
      const conformance = new Set((FAULTS[profile] ?? []).map((f) => f.name));
      for (const f of list) {
        expect(f.name).toMatch(/^fuzz-/);
        expect(conformance.has(f.name)).toBe(false);
      }
    }
  });

  // medmapp's crash fault is found through the CLI in cli.test.ts.
  it.each([['carinfopro', 'fuzz-crash-non-string-visitor-name']] as const)('%s --fault %s: the crashing input is found and reported, and the run stops', async (profile, fault) => {
    server = await startChildServer(profile, { faults: [fault] });
    const report = await runFuzz({ target: server.target, cases: 1500, seed: 7, timeoutMs: 1500, families: ['rest-body'], durationMs: 60_000 });
    process.stdout.write(`${countsLine(report)} [--fault ${fault}]\n`);
    expect(report.counts.crashes).toBe(1);
    expectReported(report.findings.find((f) => f.verdict === 'crash'), server);
    expect(report.stopped).toMatch(/stopped accepting connections/);
    expect(server.exited()).toBe(true);
  }, 120_000);

  it('medmapp --fault fuzz-500-object-status --fault fuzz-hang-negative-page: the 500 and the hang are found', async () => {
    server = await startChildServer('medmapp', { faults: ['fuzz-500-object-status', 'fuzz-hang-negative-page'] });
    for (const [family, verdict] of [['rest-body', '5xx'], ['rest-query', 'hang']] as const) {
      const report = await runFuzz({ target: server.target, cases: 1500, seed: 7, timeoutMs: 1500, families: [family], durationMs: 60_000, maxFindings: 1 });
      process.stdout.write(`${countsLine(report)} [${family}]\n`);
      expectReported(report.findings.find((f) => f.verdict === verdict), server);
      expect(report.roundTrips.failed).toBe(0);
    }
  }, 120_000);
});

function expectReported(finding: Finding | undefined, s: ChildServer): void {
  expect(finding).toBeDefined();
  expect(finding!.reproduce[0]).toContain(`--case ${finding!.caseId}`);
  expect(finding!.reproduce.join('\n')).toMatch(/printf '%b' .* \| nc 127\.0\.0\.1 \d+/);
  const text = JSON.stringify(finding);
  for (const secret of secretsOf(s)) expect(text).not.toContain(secret);
}
