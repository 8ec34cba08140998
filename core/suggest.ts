// "Did you mean": the nearest known names to a misspelt one (Damerau-free Levenshtein, small inputs).

export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** Up to `max` candidates close to `word` (or containing it), nearest first. */
export function nearest(word: string, candidates: Iterable<string>, max = 3): string[] {
  const w = word.toLowerCase();
  const scored = [...new Set(candidates)].map((c) => {
    const lc = c.toLowerCase();
    const d = editDistance(w, lc);
    // A fragment of a name ("auth-0") is near it even when the edit distance is large.
    const bonus = lc.includes(w) || w.includes(lc) ? -Math.ceil(Math.max(w.length, lc.length) / 2) : 0;
    return { c, score: d + bonus, d };
  });
  const limit = Math.max(2, Math.ceil(w.length * 0.4));
  return scored
    .filter((s) => s.score <= limit)
    .sort((a, b) => a.score - b.score || a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, max)
    .map((s) => s.c);
}

/** ` (did you mean 'x' or 'y'?)`, or '' when nothing is near. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const near = nearest(word, candidates);
  if (!near.length) return '';
  const quoted = near.map((n) => `'${n}'`);
  return ` (did you mean ${quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}` : quoted[0]}?)`;
}
