import { describe, expect, it } from 'vitest';
import { countsByLevel, formatMs, formatOffset, groupChecks, verdictReason } from '../../reports/summary.ts';
import { makeResults } from './fixtures.ts';

describe('groupChecks', () => {
  it('groups by profile then document section, sections in document order (§3.10 after §3.4)', () => {
    const groups = groupChecks(makeResults().checks);
    expect(groups.map((g) => g.profile)).toEqual(['medmapp']);
    expect(groups[0].sections.map((s) => s.doc)).toEqual(['000 §3.4', '000 §3.10', '000 §5.2', '000 §6.1']);
    expect(groups[0].sections[0].checks.map((c) => c.id)).toEqual(['medmapp-auth-01', 'medmapp-auth-02']);
  });
});

describe('countsByLevel', () => {
  it('computes counts from the checks when the summary has none', () => {
    const results = makeResults();
    const { byLevel, ...rest } = results.summary;
    const computed = countsByLevel({ ...results, summary: rest });
    expect(computed).toEqual(byLevel);
  });
});

describe('verdictReason', () => {
  it('names the gating checks that failed or errored', () => {
    expect(verdictReason(makeResults())).toBe('1 MUST check: 1 failed');
    const strict = makeResults({ strict: true });
    expect(verdictReason(strict)).toBe('2 MUST/SHOULD checks: 1 failed, 1 errored');
  });

  it('says why a passing run passed', () => {
    const results = makeResults();
    results.checks = results.checks.filter((c) => c.status === 'pass');
    results.summary = { ...results.summary, verdict: 'pass' };
    expect(verdictReason(results)).toBe('no MUST check failed or errored');
  });
});

describe('formatMs', () => {
  it('reads naturally from sub-millisecond to minutes', () => {
    expect(formatMs(0.25)).toBe('0.3 ms');
    expect(formatMs(12.4)).toBe('12 ms');
    expect(formatMs(2041.7)).toBe('2.04 s');
    expect(formatMs(12_345)).toBe('12.3 s');
    expect(formatMs(125_000)).toBe('2 min 5 s');
    expect(formatOffset(9.64)).toBe('+9.6 ms');
    expect(formatOffset(2040.2)).toBe('+2040 ms');
  });
});
