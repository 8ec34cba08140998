// Issue 10 item 7: the names a check works with. expectTrue states both reasons; every verification that
// held is in the results, not only the last; ctx.user(role) blocks by login:<role> when the target file
// has no such user; prepare()'s state reaches the checks (ctx.state).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetFile } from '../../core/target.ts';
import { CheckFailure, type Observation } from '../../harness/check.ts';
import type { CheckContext } from '../../harness/context.ts';
import { runConformance } from '../../index.ts';
import { expectTrue } from '../../harness/verify.ts';
import { startServer, type RunningServer } from '../../reference-server/index.ts';

describe('expectTrue', () => {
  const seen: Observation[] = [];
  const ctx = { observe: (o: Observation) => seen.push(o) } as unknown as CheckContext;
  const verdict = { expected: ['x'], observed: 'y', pass: 'it held', fail: 'it broke' };

  it('records the pass reason when it holds', () => {
    expectTrue(ctx, true, verdict);
    expect(seen.at(-1)?.reason).toBe('it held');
  });

  it('throws the fail reason when it does not', () => {
    expect(() => expectTrue(ctx, false, verdict)).toThrow(CheckFailure);
    try {
      expectTrue(ctx, false, verdict);
    } catch (err) {
      expect((err as CheckFailure).reason).toBe('it broke');
    }
  });
});

describe('a run keeps what its checks saw', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ profile: 'medmapp', port: 0, logger: false });
  });
  afterAll(() => server.close());

  it('every verification that held, in order, not only the last', async () => {
    const run = await runConformance({ target: server.target as TargetFile, only: ['medmapp-rest-01'], timeoutMs: 3000 });
    const check = run.checks[0]!;
    expect(check.status).toBe('pass');
    // two roles, each: status, schema, membership
    expect(check.observations?.map((o) => o.reason)).toHaveLength(6);
    expect(check.observations!.at(-1)!.reason).toBe(check.reason);
    expect(check.observations![0]!.reason).toMatch(/as patient: 200/);
  });

  it('ctx.user blocks by login:<role> when the target file has no such user (it skipped before)', async () => {
    const target = structuredClone(server.target) as TargetFile;
    delete target.users.patient;
    const run = await runConformance({ target, only: ['medmapp-auth-06'], timeoutMs: 2000 });
    expect(run.checks[0]).toMatchObject({ status: 'blocked', blockedBy: { kind: 'prerequisite', id: 'login:patient' } });
  });

  it('prepare()\'s state reaches the checks: the patient id it resolved lets rest-03 run', async () => {
    const target = structuredClone(server.target) as TargetFile;
    delete target.users.patient!.id;
    const run = await runConformance({ target, only: ['medmapp-rest-03'], timeoutMs: 2000 });
    expect(run.checks[0]!.status, run.checks[0]!.reason).toBe('pass');
  });
});
