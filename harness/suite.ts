// A suite is the checks of one profile plus the set-up they share (resolving fixture ids once). `S` is
// what prepare() resolved: the runner keeps it and every check reads it, typed, as ctx.state.
import { defineChecks, type Check } from './check.ts';
import type { RunEnv } from './context.ts';
import type { Transcript } from '../client/transcript.ts';
import type { Coverage } from './coverage.ts';

export interface Suite<S = unknown> {
  profile: string;
  checks: Check<S>[];
  /** What the document shows, by the MUST checks that judge it, and the reviewed exceptions (harness/coverage.ts). */
  coverage?: Coverage;
  /** Runs once before the checks: resolves ids and fixtures through documented endpoints. */
  prepare?(env: RunEnv, transcript: Transcript): Promise<S>;
}

/** A suite whose checks belong to `profile` (defineChecks) and see prepare()'s `S` as ctx.state. */
export function defineSuite<S>(suite: Suite<S>): Suite<S> {
  return { ...suite, checks: defineChecks(suite.profile, suite.checks) };
}
