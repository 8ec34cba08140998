// The programmatic API: everything the CLI does, importable. This is where the parts meet: the harness runs
// a suite against a target, and this module hands it the manifest's suites and, when no target is given,
// the reference server to run against.
import { idsWith, partOf, type WithRole } from './dialects.ts';
import { TargetError, type StartEmbedded } from './core/target.ts';
import { runConformance as runSuite, type RunOptions } from './harness/runner.ts';
import type { Suite } from './harness/suite.ts';
import type { RunResults } from './generated/types/meta/results.ts';
import type { LoadOptions, LoadResult } from './load/run.ts';

/** The manifest's suite for a profile; a TargetError naming the dialects that have one otherwise. */
export async function suiteOf(profile: string): Promise<Suite> {
  const suite = await partOf(profile, 'suite');
  if (suite) return suite;
  throw new TargetError(`no conformance suite for profile '${profile}' yet (suites exist for: ${idsWith('suite').join(', ')})`);
}

/** The reference server on a free loopback port, silent: the embedded target of `run` and `load`. */
export const startEmbedded: StartEmbedded = async ({ profile, faults, variants }) => {
  const { startServer } = await import('./reference-server/index.ts');
  // startServer refuses a profile it does not speak, with a TargetError.
  return startServer({ profile: profile as WithRole<'server'>, port: 0, logger: false, faults, variants });
};

export type ConformanceOptions = Omit<RunOptions, 'suite' | 'embedded'> & Partial<Pick<RunOptions, 'suite' | 'embedded'>>;

/** Runs the suite of the target's profile (or the one given) against a target file, a parsed target, or the embedded reference server. */
export function runConformance(opts: ConformanceOptions = {}): Promise<RunResults> {
  return runSuite({ ...opts, suite: opts.suite ?? suiteOf, embedded: opts.embedded ?? startEmbedded });
}

/** A k6 load run against a target file, or the embedded reference server (started here). */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const { runLoad: run } = await import('./load/run.ts');
  return run({ ...opts, embedded: opts.embedded ?? startEmbedded });
}

export { selectChecks, summarize, TargetUnreachable, VERSION, type RunOptions } from './harness/runner.ts';
export type { Check, Level, Status } from './harness/check.ts';
export type { Suite } from './harness/suite.ts';
export { SUITES } from './suites/index.ts';
export { MANIFEST, DIALECT_IDS, idsWith, isDialect, type Dialect, type DialectId } from './dialects.ts';
export { createReporters, REPORTERS, type Reporter } from './reports/reporter.ts';
export { loadProfile, type DialectProfile } from './core/profiles.ts';
export { loadTargetFile, parseTarget, TargetError, type TargetFile, type EmbeddedTarget, type StartEmbedded } from './core/target.ts';
export { validate, validator } from './core/schemas.ts';
export { startServer, FAULTS, SERVED_PROFILES } from './reference-server/index.ts';
export { applyBaseline, baselineOf, loadBaseline, writeBaseline, type Baseline } from './harness/baseline.ts';
export { globMatch, unmatchedPatterns } from './harness/select.ts';
export { waitForTarget } from './harness/wait-for-target.ts';
export type { LoadOptions, LoadResult } from './load/run.ts';
export { exportSpec, specCounts, SPEC_FORMATS, type SpecFormat, type SpecOptions, type SpecCounts } from './spec/index.ts';
