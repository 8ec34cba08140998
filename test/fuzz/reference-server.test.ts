// The project's own fuzz run (issue 11): bounded, seeded cases against the reference server of every
// dialect it speaks (SERVED_PROFILES: every dialect the manifest, dialects.ts, gives a server), each server in a
// child process so a crash is seen as "connection refused". Liveness and a real round trip are checked
// after every batch. The counts line is printed so that it shows in CI output.
import { afterAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../core/profiles.ts';
import { FAMILIES } from '../../fuzz/cases.ts';
import { startChildServer, type ChildServer } from '../../fuzz/embedded.ts';
import { countsLine, runFuzz } from '../../fuzz/engine.ts';
import { SERVED_PROFILES } from '../../reference-server/index.ts';

/** Per dialect: about 5 s each on a quiet machine, so the whole fuzz cost stays well under a minute on a busy one. */
const CASES = 600;
const SEED = 20261101;

const servers: ChildServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

describe.each(SERVED_PROFILES)('fuzz %s', (profile) => {
  it(`${CASES} seeded cases: no crash, no 5xx, no hang, no disallowed shape, and round trips hold`, async () => {
    const server = await startChildServer(profile);
    servers.push(server);
    const report = await runFuzz({ target: server.target, cases: CASES, seed: SEED, durationMs: 90_000, timeoutMs: 5000, batch: 100 });
    process.stdout.write(`${countsLine(report)}\n  by family: ${JSON.stringify(report.byFamily)}\n`);
    for (const f of report.findings.slice(0, 10)) process.stdout.write(`  ${f.verdict} #${f.caseId} ${f.what}\n    ${f.observed}\n    ${f.reproduce.join('\n    ')}\n`);

    expect(report.stopped, server.output().slice(-2000)).toBeUndefined();
    expect(report.counts.cases).toBe(CASES);
    expect(report.findings.map((f) => `${f.verdict} #${f.caseId} ${f.what}: ${f.observed}`)).toEqual([]);
    expect(report.counts).toMatchObject({ crashes: 0, '5xx': 0, hangs: 0, shapes: 0 });
    expect(report.roundTrips.failed, report.roundTrips.lastError).toBe(0);
    expect(report.roundTrips.ok).toBeGreaterThanOrEqual(CASES / 100);
    // Every family the profile has a surface for got cases (carinfopro documents no upload, fiko and carechat no GET).
    const hasGet = Object.values(loadProfile(profile).rest).some((op) => op.method === 'GET');
    for (const family of FAMILIES.filter((f) => f !== 'multipart' && (f !== 'rest-query' || hasGet))) expect(report.byFamily[family], family).toBeGreaterThan(0);
    expect(server.exited()).toBe(false);
  }, 180_000);
});
