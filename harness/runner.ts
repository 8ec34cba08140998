// The runner knows no individual check: it resolves the target, logs in, lets the suite prepare, runs the
// selected checks with bounded concurrency and deadlines, and hands redacted results to the reporters.
import { loadProfile, type DialectProfile } from '../core/profiles.ts';
import { Redactor } from '../core/redact.ts';
import { TargetError, loadTargetFile, parseTarget, type TargetFile } from '../core/target.ts';
import type { RunResults } from '../generated/types/meta/results.ts';
import type { Reporter } from '../reports/reporter.ts';
import { CheckFailure, CheckSkip, type Check, type Status } from './check.ts';
import { CheckContext, type ResolvedTarget, type RunEnv, type Session } from './context.ts';
import { NetworkError } from './http.ts';
import { obtainAccessToken } from './login.ts';
import { mapLimit } from '../core/async.ts';
import { SUITES, suiteFor } from '../suites/index.ts';
import type { Suite } from './suite.ts';
import { Transcript } from './transcript.ts';
import { selectChecks } from './select.ts';
import { waitForTarget } from './wait-for-target.ts';
import { reportUnreachable } from './unreachable.ts';
import { applyBaseline, type Baseline } from './baseline.ts';

export { selectChecks };

export type CheckResult = RunResults['checks'][number];

export interface RunOptions {
  /** profile of the embedded server, or of --target URL */
  profile?: string;
  targetFile?: string;
  /** an already-parsed target (programmatic use) */
  target?: TargetFile;
  only?: string[];
  exclude?: string[];
  strict?: boolean;
  /** every network wait */
  timeoutMs?: number;
  /** the whole run */
  deadlineMs?: number;
  concurrency?: number;
  reporters?: Reporter[];
  /** fault switches for the embedded reference server (proving that checks can fail) */
  faults?: string[];
  /** retry the first connection this long (a server that has just been started) */
  waitForTargetMs?: number;
  /** known failures: the verdict counts only the others */
  baseline?: { file: string; baseline: Baseline };
}

/** Nothing answers at the target's base URL: exit code 3. */
export class TargetUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetUnreachable';
  }
}

export { VERSION } from '../core/package-root.ts';
import { VERSION } from '../core/package-root.ts';

async function login(profile: DialectProfile, target: ResolvedTarget, role: string, user: TargetFile['users'][string], timeoutMs: number, transcript: Transcript): Promise<Session> {
  const session: Session = { role, id: user.id };
  if (user.token) return { ...session, token: user.token };
  if (!profile.auth.login || !user.credentials) return { ...session, loginError: 'no token and no documented login endpoint' };
  try {
    return { ...session, token: await obtainAccessToken(profile, target.baseUrl, user.credentials, timeoutMs, transcript) };
  } catch (err) {
    return { ...session, loginError: (err as Error).message };
  }
}

interface Resolved {
  target: TargetFile & { wsUrl: string };
  resolved: ResolvedTarget;
  close?: () => Promise<void>;
}

async function resolveTarget(opts: RunOptions): Promise<Resolved> {
  if (opts.targetFile || opts.target) {
    const target = opts.target ? parseTarget(opts.target) : await loadTargetFile(opts.targetFile!);
    if (opts.profile && opts.profile !== target.profile) throw new TargetError(`--profile ${opts.profile} contradicts the target file's profile '${target.profile}'`);
    if (opts.faults?.length) throw new TargetError('--fault applies to the embedded reference server only; drop --target-file');
    return { target, resolved: { profile: target.profile, baseUrl: target.baseUrl, wsUrl: target.wsUrl, file: opts.targetFile, embedded: false } };
  }
  const profile = opts.profile ?? 'medmapp';
  loadProfile(profile);
  const { startServer } = await import('../reference-server/index.ts');
  const server = await startServer({ profile: profile as never, port: 0, faults: opts.faults, logger: false });
  const target = parseTarget(server.target, 'embedded reference server');
  return { target, resolved: { profile, baseUrl: target.baseUrl, wsUrl: target.wsUrl, embedded: true }, close: () => server.close() };
}

function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NetworkError(`${what} did not finish within ${ms} ms`, 'timeout')), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function reproductionFor(check: Check, target: ResolvedTarget): string {
  return target.file
    ? `chatconform run --target-file ${target.file} --only ${check.id}`
    : `chatconform run --profile ${target.profile} --only ${check.id}`;
}

async function runCheck(env: RunEnv, check: Check, deadline: number): Promise<CheckResult> {
  const ctx = new CheckContext(env, check);
  const t0 = performance.now();
  let status: Status = 'pass';
  let reason = '';
  let hint: string | undefined;
  let expected: string[] = [];
  let observed = '';
  const budget = Math.max(1000, Math.min(env.timeoutMs * 6 + 5000, deadline - Date.now()));
  try {
    await withDeadline(check.run(ctx), budget, `check ${check.id}`);
    reason = ctx.observation?.reason ?? 'every verification held';
    expected = ctx.observation?.expected ?? [];
    observed = ctx.observation?.observed ?? '';
  } catch (err) {
    if (err instanceof CheckFailure) {
      status = 'fail';
      ({ reason, expected, observed, hint } = err);
    } else if (err instanceof CheckSkip) {
      status = 'skip';
      reason = err.reason;
    } else {
      status = 'error';
      reason = err instanceof NetworkError ? `network: ${err.message}` : `${(err as Error).name}: ${(err as Error).message}`;
      observed = reason;
    }
  } finally {
    ctx.cleanup();
  }
  const result: CheckResult = {
    id: check.id,
    profile: env.profile.id,
    title: check.title,
    level: check.level,
    doc: check.doc,
    requirement: check.requirement,
    tags: check.tags,
    status,
    reason: env.redactor.text(reason),
    expected: expected.map((e) => env.redactor.text(e)),
    observed: env.redactor.text(observed),
    durationMs: Math.round(performance.now() - t0),
    transcript: ctx.transcript.finish(),
  };
  if (hint) result.hint = hint;
  if (status === 'fail' || status === 'error') result.reproduce = [reproductionFor(check, env.target), ...ctx.reproduce.map((l) => env.redactor.text(l))];
  return result;
}

function redactTarget(target: TargetFile & { wsUrl: string }, embedded: boolean): RunResults['target'] {
  const users: RunResults['target']['users'] = {};
  for (const [role, u] of Object.entries(target.users)) {
    users[role] = {};
    if (u.id !== undefined) users[role].id = u.id;
    if (u.credentials) users[role].credentials = Object.fromEntries(Object.entries(u.credentials).map(([k, v]) => [k, /pass/i.test(k) ? '[redacted]' : v]));
    if (u.token) users[role].token = '[redacted]';
    if (u.expiredToken) users[role].expiredToken = '[redacted]';
  }
  return { profile: target.profile, baseUrl: target.baseUrl, wsUrl: target.wsUrl, embedded, users, ...(target.fixtures ? { fixtures: target.fixtures } : {}) };
}

export function summarize(checks: CheckResult[], durationMs: number, strict: boolean): RunResults['summary'] {
  const zero = () => ({ pass: 0, fail: 0, skip: 0, error: 0, blocked: 0 });
  const byLevel = { MUST: zero(), SHOULD: zero(), MAY: zero() };
  const totals = zero();
  for (const c of checks) {
    totals[c.status]++;
    byLevel[c.level][c.status]++;
  }
  const bad = (l: 'MUST' | 'SHOULD') => byLevel[l].fail + byLevel[l].error > 0;
  const verdict = bad('MUST') || (strict && bad('SHOULD')) ? 'fail' : 'pass';
  return { total: checks.length, ...totals, durationMs: Math.round(durationMs), verdict, byLevel };
}

export async function runConformance(opts: RunOptions = {}): Promise<RunResults> {
  const timeoutMs = opts.timeoutMs ?? 3000;
  const started = new Date();
  const t0 = performance.now();
  const deadline = Date.now() + (opts.deadlineMs ?? 120_000);
  const { target, resolved, close } = await resolveTarget(opts);
  try {
    const profile = loadProfile(target.profile);
    const suite: Suite = suiteFor(profile.id);
    const checks = selectChecks(suite.checks, opts.only, opts.exclude);
    if (!checks.length) throw new TargetError(`no ${profile.id} check matches --only ${opts.only?.join(',') ?? ''} --exclude ${opts.exclude?.join(',') ?? ''}; see 'chatconform list'`);
    const reach = await waitForTarget(target.baseUrl, timeoutMs, opts.waitForTargetMs);
    if (!reach.ok) {
      const message = `cannot reach ${target.baseUrl}: ${reach.reason}. Is the server running, and is baseUrl right?`;
      await reportUnreachable(opts.reporters ?? [], { target: redactTarget(target, resolved.embedded), checks, reason: message, strict: Boolean(opts.strict), startedAt: started, version: VERSION });
      throw new TargetUnreachable(message);
    }

    const redactor = new Redactor();
    for (const u of Object.values(target.users)) redactor.add(u.token, u.expiredToken, ...Object.entries(u.credentials ?? {}).filter(([k]) => /pass/i.test(k)).map(([, v]) => v));
    const setup = new Transcript(redactor);
    const sessions = new Map<string, Session>();
    await Promise.all(Object.entries(target.users).map(async ([role, u]) => {
      const s = await login(profile, resolved, role, u, timeoutMs, setup);
      redactor.add(s.token);
      sessions.set(role, s);
    }));
    const env: RunEnv = {
      profile,
      target: resolved,
      timeoutMs,
      redactor,
      sessions,
      fixtures: { ...(target.fixtures ?? {}) },
      extras: new Map(Object.entries(target.users).map(([role, u]) => [role, { credentials: u.credentials, expiredToken: u.expiredToken }])),
      state: {},
    };
    await suite.prepare?.(env, setup);
    for (const r of opts.reporters ?? []) r.onRunStart?.({ profile: profile.id, total: checks.length, target: redactTarget(target, resolved.embedded) });
    const results = await mapLimit(checks, opts.concurrency ?? 8, async (check) => {
      for (const r of opts.reporters ?? []) r.onCheckStart?.({ id: check.id, profile: profile.id, title: check.title, level: check.level, doc: check.doc, tags: check.tags });
      const result = Date.now() > deadline
        ? { ...(await runCheck(env, { ...check, run: async () => { throw new NetworkError('run deadline reached before this check started', 'timeout'); } }, deadline)) }
        : await runCheck(env, check, deadline);
      for (const r of opts.reporters ?? []) r.onCheckEnd?.(result);
      return result;
    });
    let run: RunResults = {
      tool: { name: 'chatconform', version: VERSION },
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      strict: Boolean(opts.strict),
      target: redactTarget(target, resolved.embedded),
      summary: summarize(results, performance.now() - t0, Boolean(opts.strict)),
      checks: results,
    };
    if (opts.baseline) run = applyBaseline(run, opts.baseline.baseline, opts.baseline.file);
    for (const r of opts.reporters ?? []) await r.onRunEnd(run);
    return run;
  } finally {
    await close?.();
  }
}

export { SUITES };
