// One fuzz session as `chatconform fuzz` and `chatconform run --fuzz` run it: resolve the target (a target
// file, an in-memory target, or the embedded reference server in a child process), fuzz, hand the results
// to the reporters. The exit-code rule: any finding is a failure of the fuzz session (exit 1).
import { loadProfile } from '../core/profiles.ts';
import { parseFaults } from '../reference-server/faults.ts';
import { loadTargetFile, parseTarget, TargetError, type TargetFile } from '../core/target.ts';
import { probeReachable } from '../client/http.ts';
import { TargetUnreachable } from '../harness/runner.ts';
import { join } from 'node:path';
import { createReporters, type Reporter } from '../reports/reporter.ts';
import type { Family } from './cases.ts';
import { startChildServer, type ChildServer } from './embedded.ts';
import { countsLine, runFuzz, type FuzzReport } from './engine.ts';
import { shownTarget } from '../harness/shown-target.ts';
import { fuzzResults } from './results.ts';
import type { RunResults } from '../generated/types/meta/results.ts';

export interface FuzzSessionOptions {
  profile?: string;
  targetFile?: string;
  target?: TargetFile;
  /** embedded server only: conformance or fuzz-only faults */
  faults?: string[];
  cases?: number;
  durationMs?: number;
  seed?: number;
  timeoutMs?: number;
  only?: number[];
  families?: Family[];
  reporters?: Reporter[];
  /** where the one counts line goes (stdout by default) */
  log?: (line: string) => void;
  /** called with the target's base URL before any traffic; throws to refuse it */
  beforeStart?: (baseUrl: string) => void;
}

export interface FuzzSession {
  report: FuzzReport;
  results: RunResults;
}

export async function fuzzSession(opts: FuzzSessionOptions): Promise<FuzzSession> {
  const started = new Date();
  let child: ChildServer | undefined;
  let target: TargetFile & { wsUrl?: string };
  let reproduceWith: string;
  if (opts.targetFile || opts.target) {
    target = opts.target ? parseTarget(opts.target) : await loadTargetFile(opts.targetFile!);
    if (opts.profile && opts.profile !== target.profile) throw new TargetError(`--profile ${opts.profile} contradicts the target file's profile '${target.profile}'`);
    if (opts.faults?.length) throw new TargetError('--fault applies to the embedded reference server only; drop --target-file');
    reproduceWith = opts.targetFile ? `--target-file ${opts.targetFile}` : `--profile ${target.profile} --target ${target.baseUrl}`;
    opts.beforeStart?.(target.baseUrl);
  } else {
    const profile = opts.profile ?? 'medmapp';
    loadProfile(profile);
    parseFaults(profile, opts.faults ?? []);
    child = await startChildServer(profile, { faults: opts.faults });
    target = child.target;
    reproduceWith = `--profile ${profile}${(opts.faults ?? []).map((f) => ` --fault ${f}`).join('')}`;
  }
  try {
    const timeoutMs = opts.timeoutMs ?? 3000;
    const reach = await probeReachable(target.baseUrl, timeoutMs);
    if (!reach.ok) throw new TargetUnreachable(`cannot reach ${target.baseUrl}: ${reach.reason}. Is the server running, and is baseUrl right?`);
    const shown = shownTarget(target, Boolean(child));
    for (const r of opts.reporters ?? []) r.onRunStart?.({ profile: target.profile, total: 5, target: shown });
    const report = await runFuzz({
      target,
      cases: opts.cases,
      durationMs: opts.durationMs,
      seed: opts.seed,
      timeoutMs,
      only: opts.only,
      families: opts.families,
      reproduceWith,
    });
    (opts.log ?? ((l: string) => process.stdout.write(`${l}\n`)))(countsLine(report));
    const results = fuzzResults(report, shown, started);
    for (const r of opts.reporters ?? []) for (const c of results.checks) r.onCheckEnd?.(c);
    for (const r of opts.reporters ?? []) await r.onRunEnd(results);
    return { report, results };
  } finally {
    await child?.stop();
  }
}

/** 0 when the session found nothing, 1 otherwise. */
export const fuzzExitCode = (s: FuzzSession) => (s.report.findings.length > 0 || s.report.roundTrips.failed > 0 ? 1 : 0);

export interface RunFuzzOptions {
  profile?: string;
  targetFile?: string;
  target?: TargetFile;
  faults?: string[];
  reporterNames: string[];
  /** the conformance run's report folder: fuzz reports go to <outDir>/fuzz */
  outDir: string;
  timeoutMs?: number;
}

/**
 * `chatconform run --fuzz`: after the conformance checks, a default fuzz session (1000 cases, 60 s, a
 * fixed seed so CI reruns the same cases) against the same target. Its reports stay in their own folder;
 * its findings fail the run only because --fuzz asked for them. Returns the exit code it contributes.
 */
export async function fuzzForRun(opts: RunFuzzOptions): Promise<number> {
  const reporters = createReporters(opts.reporterNames, { outDir: join(opts.outDir, 'fuzz') });
  const session = await fuzzSession({ ...opts, cases: 1000, durationMs: 60_000, seed: RUN_SEED, reporters });
  return fuzzExitCode(session);
}

/** The seed `run --fuzz` uses. */
export const RUN_SEED = 20261101;
