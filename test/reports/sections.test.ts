// Section titles and decision texts the reports show: the decisions come from schemas/DECISIONS.md; the
// titles are checked against the seed documents themselves when ../shared/seeds is present.
import { describe, expect, it } from 'vitest';
import { SECTION_TITLES, decisionFor, firstSentence, loadDecisions, sectionTitle } from '../../reports/sections.ts';
import { SEEDS_NOTE, SEEDS_PRESENT, readSeed } from '../schemas/seed-examples.ts';
import { SUITES } from '../../suites/index.ts';

describe('section titles and decisions', () => {
  it('has a title for every section a check cites, and the enclosing one for a deeper section', () => {
    const docs = new Set(Object.values(SUITES).flatMap((s) => s.checks.map((c) => c.doc)).filter((d) => !d.startsWith('D-')));
    expect([...docs].filter((d) => !sectionTitle(d))).toEqual([]);
    expect(sectionTitle('000 §3.4.2')).toBe('Close Kodlari (close codes)');
    expect(sectionTitle('009 §1')).toBe('');
  });

  it('reads every decision of schemas/DECISIONS.md', () => {
    const all = loadDecisions();
    expect(all.size).toBeGreaterThan(50);
    expect(decisionFor('D-medmapp-07')?.decision).toMatch(/^A well-formed id that does not exist closes with 4003/);
    expect(decisionFor('see D-carinfopro-01')?.id).toBe('D-carinfopro-01');
    expect(firstSentence('One. Two.')).toBe('One.');
  });

  it.skipIf(!SEEDS_PRESENT)(`takes each title from its document${SEEDS_PRESENT ? '' : ` (${SEEDS_NOTE})`}`, () => {
    const docs: Record<string, string> = { '000': readSeed('medmapp'), '001': readSeed('fiko'), '002': readSeed('carechat'), '003': readSeed('carinfopro'), '004': readSeed('uzbekhub') };
    const missing = Object.entries(SECTION_TITLES).filter(([key, title]) => {
      const text = docs[key.slice(0, 3)]!;
      // The document's own words: the title without the English gloss in the last parentheses.
      const own = title.replace(/ \([a-z][^()]*\)$/, '');
      return !text.includes(own);
    });
    expect(missing).toEqual([]);
  });
});
