// What every reporter shows the same way: the profile → document section tree, counts by status and
// by level, the verdict and why, durations.
import type { Check, Counts, Level, RunResults, Status } from '../generated/types/meta/results.ts';

export const STATUSES: readonly Status[] = ['pass', 'fail', 'blocked', 'skip', 'error'];
export const LEVELS: readonly Level[] = ['MUST', 'SHOULD', 'MAY'];

export const SYMBOL: Record<Status, string> = { pass: '✓', fail: '✗', blocked: '⊘', skip: '-', error: '!' };

export interface Section {
  /** the check's `doc`, e.g. `000 §3.4` */
  doc: string;
  checks: Check[];
}

export interface ProfileGroup {
  profile: string;
  sections: Section[];
}

const natural = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Profiles in run order; sections in document order (`§3.10` after `§3.9`); checks in run order. */
export function groupChecks(checks: readonly Check[]): ProfileGroup[] {
  const profiles = new Map<string, Map<string, Check[]>>();
  for (const check of checks) {
    let sections = profiles.get(check.profile);
    if (!sections) profiles.set(check.profile, (sections = new Map()));
    let list = sections.get(check.doc);
    if (!list) sections.set(check.doc, (list = []));
    list.push(check);
  }
  return [...profiles].map(([profile, sections]) => ({
    profile,
    sections: [...sections]
      .sort(([a], [b]) => natural.compare(a, b))
      .map(([doc, list]) => ({ doc, checks: list })),
  }));
}

export function emptyCounts(): Counts {
  return { pass: 0, fail: 0, skip: 0, error: 0, blocked: 0 };
}

export function countStatuses(checks: readonly Check[]): Counts {
  const counts = emptyCounts();
  for (const c of checks) counts[c.status]++;
  return counts;
}

/** Counts by level from the summary when the runner filled them in, else from the checks. */
export function countsByLevel(results: RunResults): Record<Level, Counts> {
  const out = {} as Record<Level, Counts>;
  for (const level of LEVELS) {
    out[level] = results.summary.byLevel?.[level] ?? countStatuses(results.checks.filter((c) => c.level === level));
  }
  return out;
}

/** Why the verdict is what it is, in one phrase: `2 MUST checks failed, 1 errored`. */
export function verdictReason(results: RunResults): string {
  const gating: Level[] = results.strict ? ['MUST', 'SHOULD'] : ['MUST'];
  const bad = results.checks.filter((c) => gating.includes(c.level) && (c.status === 'fail' || c.status === 'error'));
  const levels = gating.join('/');
  if (results.summary.verdict === 'pass') {
    return bad.length === 0 ? `no ${levels} check failed or errored` : `${bad.length} ${levels} problems accepted by the runner`;
  }
  if (bad.length === 0) return 'the runner reported a failing run';
  const failed = bad.filter((c) => c.status === 'fail').length;
  const errored = bad.length - failed;
  const parts = [];
  if (failed) parts.push(`${failed} failed`);
  if (errored) parts.push(`${errored} errored`);
  return `${bad.length} ${levels} check${bad.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

export function formatMs(ms: number): string {
  if (ms < 1) return `${Math.round(ms * 10) / 10} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** `+12 ms` offsets in a transcript: fixed to one decimal below 10 ms so columns line up. */
export function formatOffset(ms: number): string {
  return `+${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
