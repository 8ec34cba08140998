import { describe, expect, it } from 'vitest';
import { idsWith } from '../../dialects.ts';
import { SUITES } from '../../suites/index.ts';

// Check ids are stable and never reused: each suite's ids, in order, are a file beside this test
// (ids/<dialect>.txt). A change there is a deliberate, reviewed change; a new dialect's file is written by
// its first local run, and CI (which never writes snapshots) fails a suite that has none.
describe.each(idsWith('suite'))('%s check ids', (dialect) => {
  const suite = SUITES[dialect]!;

  it('are exactly the published list', async () => {
    await expect(suite.checks.map((c) => c.id).join('\n') + '\n').toMatchFileSnapshot(`ids/${dialect}.txt`);
  });

  it('are well-formed: unique, the dialect as prefix, with a level, doc reference and requirement', () => {
    expect(suite.profile).toBe(dialect);
    expect(new Set(suite.checks.map((c) => c.id)).size).toBe(suite.checks.length);
    for (const c of suite.checks) {
      expect(c.id).toMatch(new RegExp(`^${dialect}-[a-z]+-[0-9]{2,3}$`));
      expect(['MUST', 'SHOULD', 'MAY']).toContain(c.level);
      expect(c.doc).toMatch(/^(00[0-4] §.+|D-[a-z]+-\d{2})$/);
      expect(c.requirement.length).toBeGreaterThan(20);
      expect(c.tags.length).toBeGreaterThan(0);
    }
  });
});

it('no id is used by two suites', () => {
  const all = Object.values(SUITES).flatMap((s) => s.checks.map((c) => c.id));
  expect(new Set(all).size).toBe(all.length);
});
