// The programmatic API: everything the CLI does, importable.
export { runConformance, selectChecks, summarize, TargetUnreachable, type RunOptions } from '../harness/runner.ts';
export type { Check, Level, Status } from '../harness/check.ts';
export { SUITES } from '../suites/index.ts';
export { createReporters, REPORTERS, type Reporter } from '../reports/reporter.ts';
export { loadProfile, DIALECTS, type Dialect, type DialectProfile } from './profiles.ts';
export { loadTargetFile, parseTarget, TargetError, type TargetFile } from './target.ts';
export { validate, validator } from './schemas.ts';
export { startServer, FAULTS } from '../reference-server/index.ts';
export { applyBaseline, baselineOf, loadBaseline, writeBaseline, type Baseline } from '../harness/baseline.ts';
export { globMatch, unmatchedPatterns } from '../harness/select.ts';
export { waitForTarget } from '../harness/wait-for-target.ts';
export { VERSION } from './package-root.ts';
