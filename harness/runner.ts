// The runner knows no individual check: it resolves the target, logs in, lets the suite prepare, runs the
// selected checks with bounded concurrency and deadlines, and hands redacted results to the reporters.
import { loadProfile, type DialectProfile } from '../core/profiles.ts';
import { Redactor } from '../core/redact.ts';
import { TargetError, loadTargetFile, parseTarget, type StartEmbedded, type TargetFile } from '../core/target.ts';
import type { RunResults } from '../generated/types/meta/results.ts';
import type { Reporter } from '../reports/reporter.ts';
import { decodeJwt } from 'jose';
import { dirname, resolve as resolvePath } from 'node:path';
import { CheckBlocked, CheckFailure, CheckSkip, type BlockedBy, type Check, type Status } from './check.ts';
import { CheckContext, type ResolvedTarget, type RunEnv, type Session } from './context.ts';
import { SocketGate } from './socket-gate.ts';
import { AUTH_LOGIN, Endpoints } from '../client/endpoints.ts';
import { NetworkError, httpExchange } from '../client/http.ts';
import { loginAt } from '../client/login.ts';
import { Prerequisites } from './prerequisites.ts';
import { shownTarget } from './shown-target.ts';
import { mapLimit } from '../core/async.ts';
import type { Suite } from './suite.ts';
import { Transcript } from '../client/transcript.ts';
import { reproductionFor } from './reproduce.ts';
import { selectChecks } from './select.ts';
import { waitForTarget } from './wait-for-target.ts';
import { reportUnreachable } from './unreachable.ts';
import { applyBaseline, type Baseline } from './baseline.ts';

export { selectChecks };

export type CheckResult = RunResults['checks'][number];

export interface RunOptions {
  /** The checks to run: a suite, or how to find the suite of the target's profile (index.ts passes the manifest's). */
  suite: Suite | ((profile: string) => Suite | Promise<Suite>);
  /** Starts the reference server when no target is given (index.ts passes the manifest's). */
  embedded?: StartEmbedded;
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
  /** compliant variants of the embedded reference server (proving that checks do not fail other readings) */
  variants?: string[];
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

/** The median of what was measured, or `fallback`. */
function median(values: number[], fallback: number): number {
  if (!values.length) return fallback;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** `exp` of a JWT, or undefined for a token that is not one. */
function jwtExpiry(token: string): Date | undefined {
  try {
    const exp = decodeJwt(token).exp;
    return typeof exp === 'number' ? new Date(exp * 1000) : undefined;
  } catch {
    return undefined;
  }
}

/** An authenticated GET of the profile that needs no path parameter: how a ready token is tried once. */
function tokenProbe(profile: DialectProfile): string | undefined {
  return Object.entries(profile.rest).find(([, ep]) => ep.method === 'GET' && ep.auth === 'bearer' && !ep.path.includes('{'))?.[0];
}

/**
 * Each role of the target file, established once before any check runs: a login with its credentials, or
 * its ready token decoded (expired?) and tried once. A failure is the root cause of every check the role blocks.
 */
async function establishSession(env: RunEnv, role: string, user: TargetFile['users'][string], rtts: number[]): Promise<Session> {
  const transcript = new Transcript(env.redactor);
  const session: Session = { role, id: user.id };
  const title = `log in as ${role}`;
  const done = (s: Session, status: 'ok' | 'failed', reason: string): Session => {
    env.prereqs.record(`login:${role}`, title, status, reason, transcript);
    return s;
  };
  const timed = async <T>(work: Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work;
    } finally {
      rtts.push(performance.now() - t0);
    }
  };
  if (user.token) {
    const exp = jwtExpiry(user.token);
    if (exp && exp.getTime() <= Date.now()) {
      return done({ ...session, loginError: 'expired' }, 'failed', `users.${role}.token in the target file expired at ${exp.toISOString()}: put a fresh token there, or credentials instead`);
    }
    const probe = exp ? tokenProbe(env.profile) : undefined;
    if (probe) {
      const ep = env.endpoints.resolve(probe);
      try {
        const res = await timed(httpExchange(env.target.baseUrl, { method: ep.method, path: ep.path, token: user.token }, env.timeoutMs, transcript));
        if (res.status === 401 || res.status === 403) {
          return done({ ...session, loginError: 'refused' }, 'failed', `users.${role}.token in the target file was refused: ${ep.method} ${ep.path} answered ${res.status} (the token expires ${exp!.toISOString()})`);
        }
      } catch (err) {
        return done({ ...session, loginError: (err as Error).message }, 'failed', `trying users.${role}.token: ${(err as Error).message}`);
      }
    }
    return done({ ...session, token: user.token }, 'ok', exp ? `ready token, valid until ${exp.toISOString()}` : 'ready token');
  }
  if (!env.profile.auth.login || !user.credentials) return done({ ...session, loginError: 'no token' }, 'failed', `users.${role} has no token, and the profile documents no login`);
  try {
    const pair = await timed(loginAt(env.endpoints.resolve(AUTH_LOGIN), env.target.baseUrl, user.credentials, env.timeoutMs, transcript));
    env.redactor.add(pair.access, pair.refresh);
    return done({ ...session, token: pair.access, refreshToken: pair.refresh }, 'ok', `logged in${env.endpoints.has(AUTH_LOGIN) ? ' at the target file\'s auth.login' : ''}`);
  } catch (err) {
    return done({ ...session, loginError: (err as Error).message }, 'failed', `${(err as Error).message}; check users.${role}.credentials${env.endpoints.has(AUTH_LOGIN) ? ' and endpoints."auth.login"' : ', or name the server\'s login in endpoints."auth.login"'}`);
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
    if (opts.variants?.length) throw new TargetError('--variant applies to the embedded reference server only; drop --target-file');
    return { target, resolved: { profile: target.profile, baseUrl: target.baseUrl, wsUrl: target.wsUrl, file: opts.targetFile, embedded: false } };
  }
  const profile = opts.profile ?? (typeof opts.suite === 'function' ? 'medmapp' : opts.suite.profile);
  loadProfile(profile);
  if (!opts.embedded) throw new TargetError('no target: give a target file, or a way to start the embedded reference server (`embedded`)');
  const server = await opts.embedded({ profile, faults: opts.faults, variants: opts.variants });
  const target = parseTarget(server.target, 'embedded reference server');
  const variants = (opts as { variants?: string[] }).variants ?? [];
  return { target, resolved: { profile, baseUrl: target.baseUrl, wsUrl: target.wsUrl, embedded: true, faults: opts.faults ?? [], variants }, close: () => server.close() };
}

/** `work` within `ms`, not counting the time `paused()` reports (waiting for a stated connection limit). */
function withDeadline<T>(work: Promise<T>, ms: number, what: string, paused: () => number = () => 0): Promise<T> {
  let timer: NodeJS.Timeout;
  const start = Date.now();
  const timeout = new Promise<never>((_, reject) => {
    const arm = (after: number) => {
      timer = setTimeout(() => {
        const left = start + ms + paused() - Date.now();
        if (left > 0) return arm(Math.max(left, 50));
        reject(new NetworkError(`${what} did not finish within ${ms} ms`, 'timeout'));
      }, after);
    };
    arm(ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function runCheck(env: RunEnv, check: Check, deadlineAt: () => number): Promise<CheckResult> {
  const ctx = new CheckContext(env, check);
  const t0 = performance.now();
  let status: Status = 'pass';
  let reason = '';
  let hint: string | undefined;
  let expected: string[] = [];
  let observed = '';
  let blockedBy: BlockedBy | undefined;
  const budget = Math.max(1000, Math.min(env.timeoutMs * 6 + 5000, deadlineAt() - Date.now()));
  try {
    await withDeadline(check.run(ctx), budget, `check ${check.id}`, () => ctx.limitWaitedMs);
    reason = ctx.observation?.reason ?? 'every verification held';
    expected = ctx.observation?.expected ?? [];
    observed = ctx.observation?.observed ?? '';
  } catch (err) {
    if (err instanceof CheckFailure) {
      status = 'fail';
      ({ reason, expected, observed, hint } = err);
    } else if (err instanceof CheckBlocked) {
      status = 'blocked';
      blockedBy = err.by;
      reason = `blocked: ${err.by.reason}`;
    } else if (err instanceof CheckSkip) {
      status = 'skip';
      reason = err.reason;
    } else {
      status = 'error';
      reason = err instanceof NetworkError ? `network: ${err.message}` : `${(err as Error).name}: ${(err as Error).message}`;
      observed = reason;
    }
  }
  // A failure behind which a connection limit closed a socket at once is the limit's, not the check's.
  if (status === 'fail' || status === 'error') {
    const limited = await ctx.closedByLimit().catch(() => undefined);
    if (limited) {
      status = 'blocked';
      blockedBy = limited.by;
      reason = `blocked: ${limited.by.reason}`;
      expected = [];
      observed = '';
      hint = undefined;
    }
  }
  ctx.cleanup(status === 'pass');
  const result: CheckResult = {
    id: check.id,
    profile: env.profile.id,
    title: check.title,
    level: check.level,
    doc: check.doc,
    ...(check.decision ? { decision: check.decision } : {}),
    requirement: check.requirement,
    tags: check.tags,
    status,
    reason: env.redactor.text(reason),
    expected: expected.map((e) => env.redactor.text(e)),
    observed: env.redactor.text(observed),
    durationMs: Math.round(performance.now() - t0),
    transcript: ctx.transcript.finish(),
  };
  if (ctx.observations.length) result.observations = ctx.observations.map((o) => ({ expected: o.expected.map((e) => env.redactor.text(e)), observed: env.redactor.text(o.observed), reason: env.redactor.text(o.reason) }));
  if (hint) result.hint = hint;
  if (blockedBy) result.blockedBy = { ...blockedBy, reason: env.redactor.text(blockedBy.reason) };
  if (status === 'fail' || status === 'error') result.reproduce = reproductionFor(check.id, env.target, ctx.reproduce, env.fixtures, { ...env.target, timeoutMs: env.timeoutMs }).map((l) => env.redactor.text(l));
  return result;
}

/** What reports show of connection limits: the stated one, the wait, each user's opens, any the server showed. */
function limitsOf(env: RunEnv): RunResults['limits'] {
  const stated = env.sockets.limit;
  const recognised = env.sockets.recognisedAll();
  if (!stated && !recognised.length) return undefined;
  const shown = (key: string) => (key.startsWith('role:') ? key.slice(5) : key.startsWith('user:') ? `user ${key.slice(5)}` : 'visitor');
  return {
    ...(stated ? { socketsPerUser: { count: stated.count, seconds: stated.seconds } } : {}),
    waitedMs: Math.round(env.sockets.waitedMs()),
    opened: env.sockets.opened(shown),
    ...(env.sockets.reused ? { reused: env.sockets.reused } : {}),
    ...(recognised.length ? { recognised: recognised.map((r) => ({ user: r.user, opened: r.opened, admitted: r.admitted, spanMs: Math.round(r.spanMs), status: r.status, body: env.redactor.text(r.body), path: env.redactor.text(r.path) })) } : {}),
  };
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
  // A MUST check that could not test its subject is not a pass: the run is incomplete unless something failed.
  const verdict = bad('MUST') || (strict && bad('SHOULD')) ? 'fail' : byLevel.MUST.blocked > 0 ? 'incomplete' : 'pass';
  return { total: checks.length, ...totals, durationMs: Math.round(durationMs), verdict, byLevel };
}

export async function runConformance(opts: RunOptions): Promise<RunResults> {
  const timeoutMs = opts.timeoutMs ?? 3000;
  const started = new Date();
  const t0 = performance.now();
  const deadline = Date.now() + (opts.deadlineMs ?? 120_000);
  const { target, resolved, close } = await resolveTarget(opts);
  try {
    const profile = loadProfile(target.profile);
    const suite: Suite = typeof opts.suite === 'function' ? await opts.suite(profile.id) : opts.suite;
    if (suite.profile !== profile.id) throw new TargetError(`the suite is ${suite.profile}'s, the target speaks ${profile.id}`);
    const checks = selectChecks(suite.checks, opts.only, opts.exclude);
    if (!checks.length) throw new TargetError(`no ${profile.id} check matches --only ${opts.only?.join(',') ?? ''} --exclude ${opts.exclude?.join(',') ?? ''}; see 'chatconform list'`);
    const reachStart = performance.now();
    const reach = await waitForTarget(target.baseUrl, timeoutMs, opts.waitForTargetMs);
    const reachMs = performance.now() - reachStart;
    if (!reach.ok) {
      const message = `cannot reach ${target.baseUrl}: ${reach.reason}. Is the server running, and is baseUrl right?`;
      await reportUnreachable(opts.reporters ?? [], { target: shownTarget(target, resolved.embedded, opts), checks, reason: message, strict: Boolean(opts.strict), startedAt: started, version: VERSION });
      throw new TargetUnreachable(message);
    }

    const redactor = new Redactor();
    for (const h of Object.values(target.hooks ?? {})) redactor.add(...Object.values(h.http?.headers ?? {}));
    for (const u of Object.values(target.users)) redactor.add(u.token, u.expiredToken, u.refreshToken, ...Object.entries(u.credentials ?? {}).filter(([k]) => /pass/i.test(k)).map(([, v]) => v));
    const setup = new Transcript(redactor);
    const sessions = new Map<string, Session>();
    const rtts: number[] = [reachMs];
    const env: RunEnv = {
      profile,
      target: resolved,
      timeoutMs,
      redactor,
      sessions,
      fixtures: { ...(target.fixtures ?? {}) },
      extras: new Map(Object.entries(target.users).map(([role, u]) => [role, { credentials: u.credentials, expiredToken: u.expiredToken, refreshToken: u.refreshToken }])),
      endpoints: new Endpoints(profile, target.endpoints),
      prereqs: new Prerequisites(redactor),
      rttMs: 0,
      state: undefined,
      hooks: target.hooks ?? {},
      throttles: target.throttles ?? {},
      hookDir: resolved.file ? dirname(resolvePath(resolved.file)) : process.cwd(),
      sockets: new SocketGate(target.limits?.socketsPerUser),
    };
    // Waiting for a stated connection limit is part of testing such a server, not a hang: the deadline leaves it out.
    const deadlineAt = () => deadline + env.sockets.waitedMs();
    await Promise.all(Object.entries(target.users).map(async ([role, u]) => {
      const s = await establishSession(env, role, u, rtts);
      s.refreshToken ??= u.refreshToken;
      sessions.set(role, s);
    }));
    env.rttMs = median(rtts, 5);
    env.state = await suite.prepare?.(env, setup);
    for (const role of Object.keys(profile.roles)) {
      if (!env.prereqs.get(`login:${role}`) && !sessions.get(role)?.token) {
        env.prereqs.record(`login:${role}`, `log in as ${role}`, 'failed', `users.${role} is not in the target file (${profile.roles[role].description}): add it with credentials or a token`);
      }
    }
    for (const r of opts.reporters ?? []) r.onRunStart?.({ profile: profile.id, total: checks.length, target: shownTarget(target, resolved.embedded, opts) });
    const one = async (check: Check): Promise<CheckResult> => {
      for (const r of opts.reporters ?? []) r.onCheckStart?.({ id: check.id, profile: profile.id, title: check.title, level: check.level, doc: check.doc, tags: check.tags });
      const result = Date.now() > deadlineAt()
        ? { ...(await runCheck(env, { ...check, run: async () => { throw new NetworkError('run deadline reached before this check started', 'timeout'); } }, deadlineAt)) }
        : await runCheck(env, check, deadlineAt);
      for (const r of opts.reporters ?? []) r.onCheckEnd?.(result);
      return result;
    };
    // Timing-sensitive checks (rate limits, quiet windows) run after the others, one at a time.
    const together = await mapLimit(checks.filter((c) => c.timing !== 'alone'), opts.concurrency ?? 8, one);
    const alone = await mapLimit(checks.filter((c) => c.timing === 'alone'), 1, one);
    env.sockets.closeParked();
    const byId = new Map([...together, ...alone].map((r) => [r.id, r]));
    const results = checks.map((c) => byId.get(c.id)!);
    let run: RunResults = {
      tool: { name: 'chatconform', version: VERSION },
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      strict: Boolean(opts.strict),
      target: shownTarget(target, resolved.embedded, opts),
      summary: summarize(results, performance.now() - t0, Boolean(opts.strict)),
      prerequisites: env.prereqs.list(),
      checks: results,
    };
    const limits = limitsOf(env);
    if (limits) run.limits = limits;
    if (opts.baseline) run = applyBaseline(run, opts.baseline.baseline, opts.baseline.file);
    for (const r of opts.reporters ?? []) await r.onRunEnd(run);
    return run;
  } finally {
    await close?.();
  }
}

