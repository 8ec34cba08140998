// Issue 9's observations, one test each: what a server written by others saw from the suites, and what
// the suites say now. Each was red before the change (see the commit that added it).
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetFile } from '../../core/target.ts';
import type { RunResults } from '../../generated/types/meta/results.ts';
import { runConformance } from '../../index.ts';
import { startServer, type RunningServer } from '../../reference-server/index.ts';

type Check = RunResults['checks'][number];
const byId = (r: RunResults, id: string): Check => r.checks.find((c) => c.id === id)!;

describe('7. skipped MUST checks no longer pass', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ profile: 'medmapp', port: 0, logger: false });
  });
  afterAll(() => server.close());

  it('a wrong outsider password blocks the access checks by login:outsider and the verdict is incomplete', async () => {
    const target = structuredClone(server.target) as TargetFile;
    target.users.outsider!.credentials!.password = 'wrong-password';
    const run = await runConformance({ target, only: ['medmapp-access-*'], timeoutMs: 2000 });
    const access01 = byId(run, 'medmapp-access-01');
    expect(access01.status).toBe('blocked');
    expect(access01.blockedBy).toMatchObject({ kind: 'prerequisite', id: 'login:outsider' });
    expect(run.prerequisites?.find((p) => p.id === 'login:outsider')).toMatchObject({ status: 'failed' });
    expect(run.summary.verdict).toBe('incomplete');
    expect(JSON.stringify(run)).not.toContain('wrong-password');
  });

  it('a target file without operator and outsider blocks their MUST checks: incomplete, not "PASS, conforms"', async () => {
    const target = structuredClone(server.target) as TargetFile;
    delete target.users.operator;
    delete target.users.outsider;
    const run = await runConformance({ target, timeoutMs: 2000 });
    const blocked = run.checks.filter((c) => c.level === 'MUST' && c.status === 'blocked');
    expect(blocked.length).toBeGreaterThan(10);
    expect(new Set(blocked.map((c) => c.blockedBy!.id))).toEqual(new Set(['login:operator', 'login:outsider']));
    expect(run.prerequisites?.find((p) => p.id === 'login:operator')?.reason).toMatch(/users\.operator is not in the target file/);
    expect(run.summary.verdict).toBe('incomplete');
  });

  it('an expired ready token is reported once, as a target-file problem with its expiry time', async () => {
    const target = structuredClone(server.target) as TargetFile;
    const exp = Math.floor(Date.now() / 1000) - 3600;
    const stale = await new SignJWT({ token_type: 'access', user_id: 10 }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(exp).sign(new Uint8Array(32));
    target.users.patient = { token: stale, id: 10 };
    const run = await runConformance({ target, only: ['medmapp-rest-01', 'medmapp-access-01'], timeoutMs: 2000 });
    const login = run.prerequisites?.find((p) => p.id === 'login:patient');
    expect(login?.status).toBe('failed');
    expect(login?.reason).toContain(new Date(exp * 1000).toISOString());
    expect(login?.reason).toMatch(/expired/);
    expect(byId(run, 'medmapp-rest-01').status).toBe('blocked');
    expect(JSON.stringify(run)).not.toContain(stale);
  });

  it('a ready token the server refuses is reported as refused before any check runs', async () => {
    const target = structuredClone(server.target) as TargetFile;
    const forged = await new SignJWT({ token_type: 'access', user_id: 10 }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(new Uint8Array(32));
    target.users.patient = { token: forged, id: 10 };
    const run = await runConformance({ target, only: ['medmapp-rest-01'], timeoutMs: 2000 });
    expect(run.prerequisites?.find((p) => p.id === 'login:patient')?.reason).toMatch(/was refused: GET \/api\/conversations\/ answered 401/);
    expect(byId(run, 'medmapp-rest-01')).toMatchObject({ status: 'blocked', blockedBy: { id: 'login:patient' } });
  });
});

describe('9. wrong verdicts and reasons', () => {
  const run = (fault: string, only: string) => runConformance({ profile: 'medmapp', faults: [fault], only: [only], timeoutMs: 1500 });

  it('status-01 fails when the PATCH is ignored and the frame says the old status', async () => {
    const c = byId(await run('status-patch-ignored', 'medmapp-status-01'), 'medmapp-status-01');
    expect(c.status).toBe('fail');
    expect(c.reason).toMatch(/not the "closed" just set/);
  });

  it('err-03 fails on an INTERNAL_ERROR frame: a crash is no refusal', async () => {
    const c = byId(await run('wrong-type-internal-error', 'medmapp-err-03'), 'medmapp-err-03');
    expect(c.status).toBe('fail');
    expect(c.reason).toMatch(/server failure \(INTERNAL\)/);
  });

  it('msg-05 is judged from the broadcast it holds when only history is unreadable (issue 21: judge from what you have)', async () => {
    const r = await runConformance({ profile: 'medmapp', faults: ['history-unreadable'], only: ['medmapp-msg-04', 'medmapp-msg-05'], timeoutMs: 1500 });
    expect(byId(r, 'medmapp-msg-04').status).toBe('fail');
    expect(byId(r, 'medmapp-msg-05').status).toBe('pass');
    expect(byId(r, 'medmapp-msg-05').transcript.some((e) => /judged from the broadcast frame alone/.test(e.summary))).toBe(true);
    // and the broadcast still convicts: unescaped markup fails it with history unreadable too
    const both = await runConformance({ profile: 'medmapp', faults: ['history-unreadable', 'no-html-escape'], only: ['medmapp-msg-05'], timeoutMs: 1500 });
    expect(byId(both, 'medmapp-msg-05').status).toBe('fail');
  });

  it('an HTTP 500 for a bad WebSocket path gets no close-before-accept hint; a 403 does', async () => {
    const c500 = byId(await run('ws-malformed-id-500', 'medmapp-access-03'), 'medmapp-access-03');
    expect(c500.status).toBe('fail');
    expect(c500.hint).toBeUndefined();
    const c403 = byId(await run('ws-reject-handshake-403', 'medmapp-access-03'), 'medmapp-access-03');
    expect(c403.hint).toMatch(/accept\(\) first/);
  });
});

describe('pages that do not page (issue 21, observations 4-5)', () => {
  const small = ['small-fixture', 'no-echo', 'history-page-size-10'];
  it('a fixture smaller than one page, with no echo: the page checks fill to three pages through history and pass', async () => {
    const r = await runConformance({ profile: 'medmapp', variants: small, only: ['medmapp-page-*'], timeoutMs: 3000 });
    expect(r.checks.map((c) => `${c.id} ${c.status}`)).toEqual(['medmapp-page-01 pass', 'medmapp-page-02 pass', 'medmapp-page-03 pass', 'medmapp-page-04 pass']);
    expect(byId(r, 'medmapp-page-03').observed).toMatch(/^21 ids, 21 distinct/);
  }, 60_000);

  it('and a page that repeats the last item of the page before is caught there', async () => {
    const r = await runConformance({ profile: 'medmapp', variants: small, faults: ['page-overlap'], only: ['medmapp-page-03'], timeoutMs: 3000 });
    expect(byId(r, 'medmapp-page-03')).toMatchObject({ status: 'fail' });
    expect(byId(r, 'medmapp-page-03').reason).toMatch(/appear on two pages/);
  }, 60_000);
});
