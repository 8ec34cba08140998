import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, nearest } from '../../core/suggest.ts';

describe('did you mean', () => {
  it('measures edits', () => {
    expect(editDistance('medmap', 'medmapp')).toBe(1);
    expect(editDistance('junti', 'junit')).toBe(2);
  });

  it('names the nearest candidates and nothing when none is near', () => {
    expect(nearest('medmap', ['medmapp', 'fiko', 'carinfopro'])).toEqual(['medmapp']);
    expect(didYouMean('jsno', ['console', 'json', 'junit', 'html'])).toBe(" (did you mean 'json'?)");
    expect(didYouMean('zzzzzzzz', ['console', 'json'])).toBe('');
  });
});
