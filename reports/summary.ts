// What every reporter shows the same way: the profile → document section tree, counts by status and
// by level, the verdict and why, durations.
import type { Check, Counts, Level, Prerequisite, RunResults, Status, TranscriptEntry } from '../generated/types/meta/results.ts';
import { decisionFor, sectionTitle } from './sections.ts';

export const STATUSES: readonly Status[] = ['pass', 'fail', 'blocked', 'skip', 'error'];
export const LEVELS: readonly Level[] = ['MUST', 'SHOULD', 'MAY'];

export const SYMBOL: Record<Status, string> = { pass: '✓', fail: '✗', blocked: '⊘', skip: '-', error: '!' };

export interface Section {
  /** the check's `doc`, e.g. `000 §3.4` */
  doc: string;
  /** the section's title from the document, or the decision's question when `doc` names a decision */
  title: string;
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
      .map(([doc, list]) => ({ doc, title: sectionTitle(doc) || decisionFor(doc)?.question || '', checks: list })),
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

/** A failed prerequisite or a failed check, shown once, with the checks it kept from testing their subject. */
export interface RootCause {
  kind: 'prerequisite' | 'check';
  id: string;
  title: string;
  reason: string;
  /** the failed check itself, when the cause is a check */
  check?: Check;
  prerequisite?: Prerequisite;
  transcript: TranscriptEntry[];
  blocked: Check[];
}

/** Root causes in the order they were reported, each once; a failed prerequisite that blocked nothing is kept. */
export function rootCauses(results: RunResults): RootCause[] {
  const causes = new Map<string, RootCause>();
  const key = (kind: string, id: string) => `${kind}:${id}`;
  for (const p of results.prerequisites ?? []) {
    if (p.status !== 'failed') continue;
    causes.set(key('prerequisite', p.id), { kind: 'prerequisite', id: p.id, title: p.title, reason: p.reason, prerequisite: p, transcript: p.transcript, blocked: [] });
  }
  const byId = new Map(results.checks.map((c) => [c.id, c]));
  for (const c of results.checks) {
    const b = c.blockedBy;
    if (c.status !== 'blocked' || !b) continue;
    let cause = causes.get(key(b.kind, b.id));
    if (!cause) {
      const check = b.kind === 'check' ? byId.get(b.id) : undefined;
      cause = { kind: b.kind, id: b.id, title: check?.title ?? b.id, reason: check?.reason ?? b.reason, check, transcript: check?.transcript ?? [], blocked: [] };
      causes.set(key(b.kind, b.id), cause);
    }
    cause.blocked.push(c);
  }
  return [...causes.values()];
}

/** The blocked checks under a failed check, for the place the check itself is shown. */
export function blockedUnder(results: RunResults): Map<string, Check[]> {
  const out = new Map<string, Check[]>();
  for (const c of results.checks) {
    if (c.status === 'blocked' && c.blockedBy?.kind === 'check') out.set(c.blockedBy.id, [...(out.get(c.blockedBy.id) ?? []), c]);
  }
  return out;
}

/** What shaped the target side of the run: endpoint overrides of the target file, variants and faults of the embedded server. */
export function inEffect(target: RunResults['target']): { label: string; values: string[] }[] {
  const out: { label: string; values: string[] }[] = [];
  const endpoints = Object.entries(target.endpoints ?? {});
  if (endpoints.length) {
    out.push({
      label: 'overrides',
      values: endpoints.map(([name, o]) => {
        const parts = Object.entries(o as Record<string, unknown>).map(([k, v]) => `${k} ${typeof v === 'string' ? v : JSON.stringify(v)}`);
        return `${name}: ${parts.join(', ') || '(none)'}`;
      }),
    });
  }
  const sockets = (target.limits as { socketsPerUser?: { count: number; seconds: number } } | undefined)?.socketsPerUser;
  if (sockets) out.push({ label: 'limits', values: [`${sockets.count} sockets per user within ${sockets.seconds} s (the target file's): sockets are paced to it`] });
  if (target.variants?.length) out.push({ label: 'variants', values: target.variants });
  if (target.faults?.length) out.push({ label: 'faults', values: target.faults });
  return out;
}

/**
 * Connection limits after the run, one line each: the stated limit and the time spent waiting for it, and
 * every limit the server showed by refusing a user admitted moments ago (also the root cause limit:sockets).
 */
export function limitLines(results: RunResults): string[] {
  const l = results.limits;
  if (!l) return [];
  const opened = Object.entries(l.opened).map(([u, n]) => `${u} ${n}`).join(', ');
  const out: string[] = [];
  if (l.socketsPerUser) out.push(`${l.socketsPerUser.count} sockets per user within ${l.socketsPerUser.seconds} s (stated): ${formatMs(l.waitedMs)} spent waiting for it; sockets opened: ${opened || 'none'}${l.reused ? `; ${l.reused} reused` : ''}`);
  for (const r of l.recognised ?? []) out.push(`the server refused ${r.user}'s socket with HTTP ${r.status} after ${r.admitted} accepted in ${formatMs(r.spanMs)}${l.socketsPerUser ? ', sooner than stated' : ': a limit the target file does not state (limit:sockets)'}`);
  return out;
}

/** Which checks decide the verdict: MUST, and SHOULD under --strict. */
export function isGating(check: Pick<Check, 'level'>, strict: boolean | undefined): boolean {
  return check.level === 'MUST' || (Boolean(strict) && check.level === 'SHOULD');
}

/** Why the verdict is what it is, in one phrase: `2 MUST checks failed, 1 errored`. */
export function verdictReason(results: RunResults): string {
  const known = new Set(results.baseline?.known ?? []);
  // harness/unreachable.ts's prerequisite: nothing ran, and the CLI exits 3, not 4.
  const unreachable = results.prerequisites?.find((p) => p.id === 'target:reachable' && p.status === 'failed');
  if (unreachable) return `no check ran: ${unreachable.reason} (exit 3)`;
  if (results.summary.verdict === 'incomplete') {
    const blocked = results.checks.filter((c) => c.level === 'MUST' && c.status === 'blocked' && !known.has(c.id));
    const causes = [...new Set(blocked.map((c) => c.blockedBy?.id).filter(Boolean))];
    return `no MUST check failed, but ${plural(blocked.length, 'MUST check')} could not test ${blocked.length === 1 ? 'its' : 'their'} subject (blocked by ${causes.join(', ') || 'a setup failure'}): incomplete, exit 4`;
  }
  const gating: Level[] = results.strict ? ['MUST', 'SHOULD'] : ['MUST'];
  const bad = results.checks.filter((c) => gating.includes(c.level) && (c.status === 'fail' || c.status === 'error') && !known.has(c.id));
  const levels = gating.join('/');
  if (results.summary.verdict === 'pass') {
    if (bad.length) return `${bad.length} ${levels} problems accepted by the runner`;
    return known.size ? `no ${levels} check failed or errored beyond the ${plural(known.size, 'known failure')} of the baseline` : `no ${levels} check failed or errored`;
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
