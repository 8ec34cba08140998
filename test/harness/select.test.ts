import { describe, expect, it } from 'vitest';
import { globMatch, selectChecks, unmatchedPatterns } from '../../harness/select.ts';
import { medmapp } from '../../suites/medmapp/index.ts';

describe('check selection', () => {
  it('matches globs against whole ids', () => {
    expect(globMatch('medmapp-rate-*', 'medmapp-rate-02')).toBe(true);
    expect(globMatch('medmapp-rate', 'medmapp-rate-02')).toBe(false);
    expect(globMatch('*-01', 'medmapp-auth-01')).toBe(true);
  });

  it('understands character classes and braces as a shell does', () => {
    const ids = selectChecks(medmapp.checks, ['medmapp-auth-0[1-3]']).map((c) => c.id);
    expect(ids).toEqual(['medmapp-auth-01', 'medmapp-auth-02', 'medmapp-auth-03']);
    expect(selectChecks(medmapp.checks, ['medmapp-{auth-01,rate-02}']).map((c) => c.id)).toEqual(['medmapp-auth-01', 'medmapp-rate-02']);
  });

  it('applies --only then --exclude', () => {
    const ids = selectChecks(medmapp.checks, ['medmapp-auth-*'], ['medmapp-auth-0[12]']).map((c) => c.id);
    expect(ids).not.toContain('medmapp-auth-01');
    expect(ids).not.toContain('medmapp-auth-02');
    expect(ids).toContain('medmapp-auth-03');
    expect(ids.every((id) => id.startsWith('medmapp-auth-'))).toBe(true);
  });

  it('says which pattern matches nothing, with the nearest ids', () => {
    const ids = medmapp.checks.map((c) => c.id);
    expect(unmatchedPatterns('--only', ['medmapp-auth-*'], ids)).toBe('');
    const message = unmatchedPatterns('--only', ['medmapp-auht-01'], ids);
    expect(message).toMatch(/^--only 'medmapp-auht-01' matches no check; nearest: medmapp-auth-01/);
    expect(unmatchedPatterns('--exclude', ['medmap-rate-0[7-9]'], ids)).toMatch(/--exclude 'medmap-rate-0\[7-9\]' matches no check; nearest: medmapp-rate-0/);
  });
});
