// The level audit's coverage (issue 21): every outgoing frame type of a profile, every REST operation and
// every close code is judged by at least one MUST check, or is in the dialect's short reviewed list of
// exceptions with its reason. The map lives beside each suite (suites/<id>/coverage.ts); a run against the
// reference server confirms that each MUST check named for an item really meets it on the wire.
import { validate } from '../core/schemas.ts';
import type { DialectProfile as Profile } from '../core/profiles.ts';
import type { Suite } from './suite.ts';

/** `frame:<type>` (an outgoing frame of profile.frames.out), `rest:<op>` (an operation of profile.rest), `close:<code>`. */
export type CoverageItem = string;

export interface Coverage {
  /** item -> the MUST checks that judge it */
  must: Record<CoverageItem, readonly string[]>;
  /** item -> why no MUST check can judge it (no documented request triggers it; the document names no such code) */
  exceptions: Record<CoverageItem, string>;
  /** item -> every check about it, whatever its level (a suite whose checks are generated per operation knows them) */
  checks?: Record<CoverageItem, readonly string[]>;
}

export interface CoverageRow {
  item: CoverageItem;
  /** the MUST checks of the suite the map names for it */
  must: string[];
  /** why no MUST check can judge it, when the map lists it as an exception */
  exception?: string;
}

/** Every item of a profile the audit asks about. */
export function coverageItems(profile: Profile): CoverageItem[] {
  return [
    ...Object.keys(profile.frames.out).map((t) => `frame:${t}`),
    ...Object.keys(profile.rest).map((op) => `rest:${op}`),
    ...Object.keys(profile.closeCodes ?? {}).map((c) => `close:${c}`),
  ];
}

/** The coverage table of a suite: one row per item, with the MUST checks or the exception. */
export function coverageTable(suite: Suite, profile: Profile, coverage: Coverage): CoverageRow[] {
  return coverageItems(profile).map((item) => ({
    item,
    must: [...(coverage.must[item] ?? [])].filter((id) => suite.checks.some((c) => c.id === id && c.level === 'MUST')),
    ...(coverage.exceptions[item] ? { exception: coverage.exceptions[item] } : {}),
  }));
}

/** What the audit finds wrong with a suite's map: uncovered items, stale or unknown entries, non-MUST checks named. */
export function coverageProblems(suite: Suite, profile: Profile, coverage: Coverage): string[] {
  const items = new Set(coverageItems(profile));
  const problems: string[] = [];
  for (const row of coverageTable(suite, profile, coverage)) {
    if (row.must.length === 0 && !row.exception) problems.push(`${row.item}: no MUST check judges it and it is not an exception`);
    if (row.must.length > 0 && row.exception) problems.push(`${row.item}: judged by ${row.must.join(', ')} and yet listed as an exception`);
  }
  for (const [item, ids] of Object.entries(coverage.must)) {
    if (!items.has(item)) problems.push(`${item}: not an item of profile ${profile.id}`);
    for (const id of ids) {
      const check = suite.checks.find((c) => c.id === id);
      if (!check) problems.push(`${item}: names ${id}, which is no check of the suite`);
      else if (check.level !== 'MUST') problems.push(`${item}: names ${id}, a ${check.level} check`);
    }
  }
  for (const item of Object.keys(coverage.exceptions)) if (!items.has(item)) problems.push(`exception ${item}: not an item of profile ${profile.id}`);
  return problems;
}

interface Entry {
  channel: string;
  dir: string;
  summary: string;
  body?: string;
}

const pathPattern = (path: string) => new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/?]+')}(\\?|$)`);

/**
 * Whether a check's wire log shows `item`: a received frame valid against the frame's schema, a request of
 * the operation's method and path (as the profile documents them), or a close with the code.
 */
export function seenIn(item: CoverageItem, transcript: readonly Entry[], profile: Profile): boolean {
  const at = item.indexOf(':');
  const [kind, name] = [item.slice(0, at), item.slice(at + 1)];
  if (kind === 'frame') {
    const schema = profile.frames.out[name];
    if (!schema) return false;
    return transcript.some((e) => {
      if (e.channel !== 'ws' || e.dir !== 'recv' || !/\bframe$/.test(e.summary) || e.body === undefined) return false;
      try {
        return validate(schema, JSON.parse(e.body)).ok;
      } catch {
        // A body cut at the transcript's limit: its discriminator still says what it is.
        const d = profile.frames.discriminator;
        return typeof d === 'string' && new RegExp(`^\\{\\s*"${d}"\\s*:\\s*"${name}"`).test(e.body);
      }
    });
  }
  if (kind === 'rest') {
    const op = profile.rest[name];
    if (!op) return false;
    const re = pathPattern(op.path);
    const method = op.method;
    return transcript.some((e) => e.channel === 'http' && e.dir === 'send' && e.summary.startsWith(`${method} `) && re.test(e.summary.slice(method.length + 1).split(' ')[0]!));
  }
  if (kind === 'close') return transcript.some((e) => e.channel === 'ws' && e.dir === 'recv' && new RegExp(`\\bclose ${name}\\b`).test(e.summary));
  return false;
}
