// The lines `chatconform run` always ends with on stdout, whatever the reporters: one verdict (combined
// when several profiles ran), the baseline's findings, and where each report was written.
import type { RunResults } from '../generated/types/meta/results.ts';
import { formatMs, plural, verdictReason } from '../reports/summary.ts';

export interface ProfileRun {
  profile: string;
  results?: RunResults;
  /** the message when the target did not answer */
  unreachable?: string;
  files: string[];
}

type Word = 'PASS' | 'FAIL' | 'INCOMPLETE' | 'UNREACHABLE';

function word(run: ProfileRun): Word {
  if (run.unreachable) return 'UNREACHABLE';
  return run.results!.summary.verdict.toUpperCase() as Word;
}

function detail(run: ProfileRun): string {
  if (run.unreachable) return `${run.unreachable} (exit 3)`;
  const r = run.results!;
  const parts = [verdictReason(r), `${plural(r.summary.total, 'check')} in ${formatMs(r.summary.durationMs)}`];
  const l = r.limits;
  if (l?.socketsPerUser) parts.push(`${formatMs(l.waitedMs)} waiting for the stated limit of ${l.socketsPerUser.count} sockets per user in ${l.socketsPerUser.seconds} s`);
  if (l?.recognised?.length) parts.push(`connection limit of the server: ${l.recognised.map((x) => x.user).join(', ')} refused with HTTP ${[...new Set(l.recognised.map((x) => x.status))].join('/')}`);
  if (r.baseline) {
    const b = r.baseline;
    const fresh = b.new.length ? `${b.new.length} new (${b.new.join(', ')})` : 'no new failure';
    parts.push(`baseline ${b.file}: ${b.known.length} known, ${fresh}${b.fixed.length ? `, fixed: ${b.fixed.join(', ')} (remove from the baseline)` : ''}`);
  }
  return parts.join(' · ');
}

const RANK: Word[] = ['FAIL', 'UNREACHABLE', 'INCOMPLETE', 'PASS'];

export function verdictLines(runs: ProfileRun[]): string[] {
  const lines: string[] = [];
  if (runs.length === 1) {
    lines.push(`chatconform: ${word(runs[0]!)} · ${runs[0]!.profile} · ${detail(runs[0]!)}`);
  } else {
    const width = Math.max(...runs.map((r) => r.profile.length));
    for (const r of runs) lines.push(`  ${r.profile.padEnd(width)}  ${word(r).padEnd(11)} ${detail(r)}`);
    const words = runs.map(word);
    const overall = RANK.find((w) => words.includes(w)) ?? 'PASS';
    const tally = RANK.filter((w) => words.includes(w)).map((w) => `${words.filter((x) => x === w).length} ${w.toLowerCase()}`);
    lines.push(`chatconform: ${overall} · ${runs.length} profiles: ${tally.join(', ')}`);
  }
  const files = runs.flatMap((r) => r.files);
  if (files.length) lines.push(`reports: ${files.join('  ')}`);
  return lines;
}
