// An unreachable target still gets reports: the CI step that publishes junit.xml and report.html finds
// them, with one failed prerequisite (the target answers) and every selected check blocked by it.
import type { RunResults } from '../generated/types/meta/results.ts';
import type { Reporter } from '../reports/reporter.ts';
import type { Check } from './check.ts';

export const REACHABLE = 'target:reachable';

export interface UnreachableRun {
  target: RunResults['target'];
  checks: Check[];
  reason: string;
  strict: boolean;
  startedAt: Date;
  version: string;
}

export function unreachableResults(u: UnreachableRun): RunResults {
  const blockedBy = { kind: 'prerequisite' as const, id: REACHABLE, reason: u.reason };
  const checks: RunResults['checks'] = u.checks.map((c) => ({
    id: c.id,
    profile: u.target.profile,
    title: c.title,
    level: c.level,
    doc: c.doc,
    requirement: c.requirement,
    tags: c.tags,
    status: 'blocked',
    reason: `not run: ${u.reason}`,
    expected: [],
    observed: '',
    durationMs: 0,
    transcript: [],
    blockedBy,
    ...((c as { decision?: string }).decision ? { decision: (c as { decision?: string }).decision } : {}),
  }));
  const zero = () => ({ pass: 0, fail: 0, skip: 0, error: 0, blocked: 0 });
  const byLevel = { MUST: zero(), SHOULD: zero(), MAY: zero() };
  for (const c of checks) byLevel[c.level].blocked++;
  return {
    tool: { name: 'chatconform', version: u.version },
    startedAt: u.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    strict: u.strict,
    target: u.target,
    summary: { total: checks.length, pass: 0, fail: 0, skip: 0, error: 0, blocked: checks.length, durationMs: Date.now() - u.startedAt.getTime(), verdict: 'incomplete', byLevel },
    checks,
    prerequisites: [{ id: REACHABLE, title: `the target answers at ${u.target.baseUrl}`, status: 'failed', reason: u.reason, transcript: [] }],
  };
}

/** Writes every report of a run that could not start; a reporter's own failure does not hide the cause. */
export async function reportUnreachable(reporters: Reporter[], u: UnreachableRun): Promise<void> {
  const results = unreachableResults(u);
  for (const r of reporters) r.onRunStart?.({ profile: results.target.profile, total: results.checks.length, target: results.target });
  await Promise.allSettled(reporters.map((r) => r.onRunEnd(results)));
}
