// The level audit (issue 9): MUST is only what a document states. Every check cites a section of its
// document; a check resting on a decision is never MUST, and the decision it cites exists.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../core/profiles.ts';
import { SUITES } from '../../suites/index.ts';

const DECISIONS = readFileSync(new URL('../../schemas/DECISIONS.md', import.meta.url), 'utf8');

describe.each(Object.values(SUITES).map((s) => [s.profile, s] as const))('%s levels', (profile, suite) => {
  const document = loadProfile(profile).document;

  it('every check cites a section of its own document', () => {
    const bad = suite.checks.filter((c) => !new RegExp(`^${document} §\\S`).test(c.doc)).map((c) => `${c.id}: ${c.doc}`);
    expect(bad).toEqual([]);
  });

  it('no MUST check rests on a decision, and a MUST requirement quotes its document', () => {
    expect(suite.checks.filter((c) => c.level === 'MUST' && c.decision).map((c) => c.id)).toEqual([]);
    const unquoted = suite.checks.filter((c) => c.level === 'MUST' && !/["“`]/.test(c.requirement)).map((c) => c.id);
    expect(unquoted).toEqual([]);
  });

  it('every decision a check cites is in DECISIONS.md and in the profile', () => {
    const listed = loadProfile(profile).decisions ?? [];
    for (const c of suite.checks.filter((x) => x.decision)) {
      expect(DECISIONS, c.id).toContain(`| ${c.decision} |`);
      expect(listed, c.id).toContain(c.decision);
    }
  });

  it('a requirement resting on a decision says so', () => {
    const silent = suite.checks.filter((c) => c.decision && !c.requirement.includes(c.decision!) && !/decision/i.test(c.requirement));
    expect(silent.map((c) => c.id)).toEqual([]);
  });
});
