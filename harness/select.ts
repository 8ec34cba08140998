// Which checks a run selects: --only and --exclude globs through picomatch (the matcher vitest and
// tinyglobby use), so `medmapp-auth-0[1-3]`, `{a,b}` and `*-rate-*` work as in a shell.
import picomatch from 'picomatch';
import { nearest } from '../core/suggest.ts';
import type { Check } from './check.ts';

const cache = new Map<string, (id: string) => boolean>();

function matcher(glob: string): (id: string) => boolean {
  let m = cache.get(glob);
  if (!m) {
    // Ids contain no slashes: `*` spans the whole id. nocase: ids are lower case, users type anything.
    m = picomatch(glob, { nocase: true, dot: true });
    cache.set(glob, m);
  }
  return m;
}

export function globMatch(glob: string, id: string): boolean {
  return matcher(glob)(id);
}

export function selectChecks(checks: Check[], only: string[] = [], exclude: string[] = []): Check[] {
  return checks.filter((c) => (!only.length || only.some((g) => globMatch(g, c.id))) && !exclude.some((g) => globMatch(g, c.id)));
}

/** Patterns that match none of `ids`, each with the nearest ids, as a usage message; '' when all match. */
export function unmatchedPatterns(flag: '--only' | '--exclude', patterns: string[], ids: string[]): string {
  const lines: string[] = [];
  for (const p of patterns) {
    if (ids.some((id) => globMatch(p, id))) continue;
    // The literal part of the pattern ("medmapp-auth-0" of "medmapp-auth-0[7-9]") finds neighbours.
    const stem = p.replace(/[*?[{].*$/, '') || p;
    const near = nearest(stem, ids, 3);
    const prefixed = near.length ? near : ids.filter((id) => id.startsWith(stem.slice(0, Math.max(3, stem.lastIndexOf('-') + 1)))).slice(0, 3);
    lines.push(`${flag} '${p}' matches no check${prefixed.length ? `; nearest: ${prefixed.join(', ')}` : ''}`);
  }
  return lines.length ? `${lines.join('\n')}\n(see 'chatconform list')` : '';
}
