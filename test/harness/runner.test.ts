import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TargetError } from '../../core/target.ts';
import { TargetUnreachable, runConformance as runSuite, summarize, type CheckResult } from '../../harness/runner.ts';
import { runConformance, startEmbedded } from '../../index.ts';
import { medmapp } from '../../suites/medmapp/index.ts';
import { garbage, silent } from './hostile.ts';

const dir = mkdtempSync(join(tmpdir(), 'chatconform-runner-'));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('verdict', () => {
  const r = (level: 'MUST' | 'SHOULD' | 'MAY', status: CheckResult['status']) => ({ level, status }) as CheckResult;
  it('fails on a MUST failure or error, on SHOULD only when strict, never on MAY', () => {
    expect(summarize([r('MUST', 'pass'), r('SHOULD', 'fail'), r('MAY', 'fail')], 1, false).verdict).toBe('pass');
    expect(summarize([r('MUST', 'pass'), r('SHOULD', 'fail')], 1, true).verdict).toBe('fail');
    expect(summarize([r('MUST', 'error')], 1, false).verdict).toBe('fail');
    const s = summarize([r('MUST', 'pass'), r('MUST', 'skip'), r('SHOULD', 'fail')], 1, false);
    expect(s).toMatchObject({ total: 3, pass: 1, skip: 1, fail: 1, error: 0, byLevel: { MUST: { pass: 1, skip: 1 }, SHOULD: { fail: 1 } } });
  });
});

describe('the runner receives its suite and its target', () => {
  it('without a target or a way to start one it names both, and starts nothing', async () => {
    const err = await runSuite({ suite: medmapp }).catch((e) => e);
    expect(err).toBeInstanceOf(TargetError);
    expect(err.message).toMatch(/no target: give a target file, or a way to start the embedded reference server/);
  });

  it('runs the suite it is given against the target the caller started', async () => {
    let asked: unknown;
    const results = await runSuite({
      suite: medmapp,
      only: ['medmapp-auth-02'],
      embedded: (req) => {
        asked = req;
        return startEmbedded(req);
      },
      faults: ['login-any-password'],
    });
    expect(asked).toMatchObject({ profile: 'medmapp', faults: ['login-any-password'] });
    expect(results.checks.map((c) => [c.id, c.status])).toEqual([['medmapp-auth-02', 'fail']]);
  });

  it("refuses a suite of another profile than the target's", async () => {
    const { carinfopro } = await import('../../suites/carinfopro/index.ts');
    let closed = false;
    const embedded: typeof startEmbedded = async (req) => {
      const server = await startEmbedded(req);
      return { target: server.target, close: () => ((closed = true), server.close()) };
    };
    const err = await runSuite({ suite: carinfopro, profile: 'medmapp', embedded }).catch((e) => e);
    expect(err).toBeInstanceOf(TargetError);
    expect(err.message).toBe("the suite is carinfopro's, the target speaks medmapp");
    expect(closed).toBe(true);
  });
});

describe('bad input gets a clear error', () => {
  it('a target file that is not JSON', async () => {
    const err = await runConformance({ targetFile: file('broken.json', '{"profile": "medmapp",') }).catch((e) => e);
    expect(err).toBeInstanceOf(TargetError);
    expect(err.message).toMatch(/is not valid JSON/);
  });

  it('a target file that breaks the schema names the field', async () => {
    const err = await runConformance({ targetFile: file('nousers.json', JSON.stringify({ profile: 'medmapp', baseUrl: 'http://127.0.0.1:1' })) }).catch((e) => e);
    expect(err).toBeInstanceOf(TargetError);
    expect(err.message).toMatch(/must have required property 'users'/);
  });

  it('a missing target file', async () => {
    const err = await runConformance({ targetFile: join(dir, 'nope.json') }).catch((e) => e);
    expect(err).toBeInstanceOf(TargetError);
    expect(err.message).toMatch(/cannot read target file .*ENOENT/);
  });

  it('an unreachable target', async () => {
    const h = await silent();
    const url = h.url;
    await h.close();
    const target = { profile: 'medmapp', baseUrl: url, users: { patient: { token: 'x' } } };
    const err = await runConformance({ targetFile: file('gone.json', JSON.stringify(target)), timeoutMs: 500 }).catch((e) => e);
    expect(err).toBeInstanceOf(TargetUnreachable);
    expect(err.message).toMatch(/cannot reach .*connection refused/);
  });

  it('a target that accepts TCP and never answers ends within the timeout, not hanging', async () => {
    const h = await silent();
    const target = { profile: 'medmapp', baseUrl: h.url, users: { patient: { token: 'x' } } };
    const t0 = Date.now();
    const err = await runConformance({ targetFile: file('silent.json', JSON.stringify(target)), timeoutMs: 400 }).catch((e) => e);
    await h.close();
    expect(err).toBeInstanceOf(TargetUnreachable);
    expect(err.message).toMatch(/no answer within 400 ms/);
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('a target that answers everything with garbage, floods and huge bodies gets a verdict, not a crash or a hang', async () => {
    const h = await garbage();
    const target = { profile: 'medmapp', baseUrl: h.url, users: { patient: { token: 'x', id: 10 }, operator: { token: 'y' }, outsider: { token: 'z' } }, fixtures: { conversation: 1 } };
    const t0 = Date.now();
    try {
      const results = await runConformance({ targetFile: file('garbage.json', JSON.stringify(target)), timeoutMs: 500, deadlineMs: 20_000 });
      expect(results.checks).toHaveLength(medmapp.checks.length);
      expect(results.summary.verdict).toBe('fail');
      expect(results.summary.pass).toBe(0);
      for (const c of results.checks) expect(c.reason, c.id).not.toBe('');
      expect(Date.now() - t0).toBeLessThan(25_000);
    } finally {
      await h.close();
    }
  }, 40_000);
});
