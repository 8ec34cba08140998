// The level audit's coverage (issue 21): every outgoing frame type, REST operation and close code of a
// profile is judged by a MUST check or is a reviewed exception with its reason, and each MUST check the map
// names really meets its item on the wire of the reference server (a map entry cannot claim what a check
// never sees). `chatconform list --coverage` prints the table.
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../core/profiles.ts';
import { coverageItems, coverageProblems, coverageTable, seenIn } from '../../harness/coverage.ts';
import { SUITES } from '../../suites/index.ts';
import { runProfile } from './prove.ts';

describe.each(Object.values(SUITES).map((s) => [s.profile, s] as const))('%s coverage', (profile, suite) => {
  const p = loadProfile(profile);

  it('every item is judged by a MUST check or is a reviewed exception, and the map names only MUST checks of the suite', () => {
    expect(suite.coverage, `suites/${profile}/coverage.ts`).toBeDefined();
    expect(coverageProblems(suite, p, suite.coverage!)).toEqual([]);
    expect(coverageTable(suite, p, suite.coverage!)).toHaveLength(coverageItems(p).length);
  });

  it('each MUST check the map names meets its item on the wire of the reference server', async () => {
    const { results } = await runProfile(profile, [], 3000);
    const unseen: string[] = [];
    for (const [item, ids] of Object.entries(suite.coverage!.must)) {
      for (const id of ids) {
        const r = results.checks.find((c) => c.id === id);
        if (!r || r.status !== 'pass' || !seenIn(item, r.transcript, p)) unseen.push(`${item}: ${id} ${r ? r.status : 'did not run'}${r?.status === 'pass' ? ', and its transcript does not show it' : ''}`);
      }
    }
    expect(unseen).toEqual([]);
  }, 120_000);
});

describe('the audit itself', () => {
  const suite = SUITES.fiko!;
  const p = loadProfile('fiko');
  it('finds an item no MUST check judges, a SHOULD check named as judge, and a stale exception', () => {
    const { 'frame:typing_indicator': _typing, ...must } = suite.coverage!.must;
    const problems = coverageProblems(suite, p, {
      must: { ...must, 'frame:user_presence': ['fiko-presence-01'] },
      exceptions: { ...suite.coverage!.exceptions, 'close:1008': 'stale' },
    });
    expect(problems).toEqual(expect.arrayContaining([
      'frame:typing_indicator: no MUST check judges it and it is not an exception',
      'frame:user_presence: names fiko-presence-01, a MAY check',
      'close:1008: judged by fiko-close-04 and yet listed as an exception',
    ]));
  });

  it('a frame, a request and a close are told from the wire log, not from the summary alone', () => {
    const frame = { channel: 'ws', dir: 'recv', summary: '[agent chat] frame', body: '{"type":"messages_read","user_id":7}' };
    expect(seenIn('frame:messages_read', [frame], p)).toBe(true);
    expect(seenIn('frame:typing_indicator', [frame], p)).toBe(false);
    expect(seenIn('close:1008', [{ channel: 'ws', dir: 'recv', summary: '[list] close 1008 "bad token"' }], p)).toBe(true);
    expect(seenIn('close:1008', [{ channel: 'ws', dir: 'recv', summary: '[list] close 4003' }], p)).toBe(false);
    const m = loadProfile('medmapp');
    expect(seenIn('rest:messages.list', [{ channel: 'http', dir: 'send', summary: 'GET /api/conversations/7/messages/?page=2 [with Authorization header]' }], m)).toBe(true);
    expect(seenIn('rest:messages.list', [{ channel: 'http', dir: 'send', summary: 'POST /api/conversations/7/messages/' }], m)).toBe(false);
  });
});
