// Known-failures baseline, for a team adopting chatconform on a server with known gaps: the verdict
// counts only failures the baseline does not list, and a listed failure that now passes is named so the
// baseline can shrink. Schema: schemas/meta/baseline.schema.json.
import { readFile, writeFile } from 'node:fs/promises';
import { validate } from '../core/schemas.ts';
import { TargetError } from '../core/target.ts';
import type { Baseline } from '../generated/types/meta/baseline.ts';
import type { RunResults } from '../generated/types/meta/results.ts';

export type { Baseline };
type CheckResult = RunResults['checks'][number];

const PROBLEM = new Set(['fail', 'error', 'blocked']);

export async function loadBaseline(path: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new TargetError(`cannot read baseline ${path}: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new TargetError(`baseline ${path} is not valid JSON: ${(err as Error).message}`);
  }
  const verdict = validate('meta/baseline', value);
  if (!verdict.ok) throw new TargetError(`baseline ${path} does not match schemas/meta/baseline.schema.json:\n  ${verdict.errors.join('\n  ')}`);
  return value as Baseline;
}

/** The current failures of one or more runs, ids with their reasons. */
export function baselineOf(runs: RunResults[], version: string): Baseline {
  const failures = runs.flatMap((r) => r.checks.filter((c) => PROBLEM.has(c.status)))
    .map((c) => ({ id: c.id, profile: c.profile, level: c.level, status: c.status as 'fail' | 'error' | 'blocked', reason: c.reason }))
    .sort((a, b) => a.id.localeCompare(b.id));
  return { tool: { name: 'chatconform', version }, createdAt: new Date().toISOString(), failures };
}

export async function writeBaseline(path: string, runs: RunResults[], version: string): Promise<Baseline> {
  const baseline = baselineOf(runs, version);
  await writeFile(path, `${JSON.stringify(baseline, null, 2)}\n`, 'utf8');
  return baseline;
}

/** pass | fail | incomplete of a set of checks, by the rule of schemas/meta/results.schema.json. */
export function verdictOf(checks: CheckResult[], strict: boolean): RunResults['summary']['verdict'] {
  const gating = (c: CheckResult) => c.level === 'MUST' || (strict && c.level === 'SHOULD');
  if (checks.some((c) => gating(c) && (c.status === 'fail' || c.status === 'error'))) return 'fail';
  if (checks.some((c) => c.level === 'MUST' && c.status === 'blocked')) return 'incomplete';
  return 'pass';
}

/** Judges the run against the baseline: known failures no longer decide the verdict. */
export function applyBaseline(run: RunResults, baseline: Baseline, file: string): RunResults {
  const listed = new Set(baseline.failures.map((f) => f.id));
  const byId = new Map(run.checks.map((c) => [c.id, c]));
  const problems = run.checks.filter((c) => PROBLEM.has(c.status));
  const known = problems.filter((c) => listed.has(c.id)).map((c) => c.id);
  const fresh = problems.filter((c) => !listed.has(c.id));
  const fixed = baseline.failures.filter((f) => byId.get(f.id)?.status === 'pass').map((f) => f.id);
  const verdict = verdictOf(fresh, Boolean(run.strict));
  return { ...run, summary: { ...run.summary, verdict }, baseline: { file, known, new: fresh.map((c) => c.id), fixed } };
}
