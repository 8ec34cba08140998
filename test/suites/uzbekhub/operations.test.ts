// The generated families on the operations this branch's reference server serves (004's chat, sign-in, my
// profile): the correct server passes them, each generated fault fails its check, and the list and
// spelling variants stay compliant. The whole suite's proof (faults.test.ts) covers part 2 once served.
import { describe, expect, it } from 'vitest';
import { FAULTS } from '../../../reference-server/index.ts';
import { SUITES } from '../../../suites/index.ts';
import { runProfile, variantArgs } from '../prove.ts';

/** Served here: sign-in, refresh, my profile (3, 5, 8) and the chat (66-84). */
const SERVED = (id: string) => {
  const n = /-(\d{3})$/.exec(id)?.[1];
  return n !== undefined && (['003', '005', '008'].includes(n) || (Number(n) >= 66 && Number(n) <= 84));
};
const family = SUITES.uzbekhub!.checks.map((c) => c.id).filter(SERVED);
const faults = FAULTS.uzbekhub!.filter((f) => SERVED(f.check));
const only = (ids: readonly string[]) => ids.flatMap((id) => ['--only', id]);
const hand = ['--only', 'uzbekhub-*-[0-9][0-9]'];

describe('uzbekhub families on the served operations', () => {
  it('the correct server passes every family check and every check by hand', async () => {
    const { results } = await runProfile('uzbekhub', [...only(family), ...hand], 3000);
    expect(results.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.status} ${c.reason}`)).toEqual([]);
    expect(results.checks.length).toBeGreaterThan(family.length);
  });

  it.each(['lists-paginated', 'updated-at-everywhere'])('variant %s: every MUST check passes, none left unrun', async (variant) => {
    const { code, results } = await runProfile('uzbekhub', [...variantArgs([variant]), ...only(family), ...hand], 3000);
    expect(results.checks.filter((c) => c.status !== 'pass' && (c.level === 'MUST' || c.status !== 'fail')).map((c) => `${c.id}: ${c.status} ${c.reason}`)).toEqual([]);
    expect(code).toBe(0);
  });

  it.concurrent.each(faults.map((f) => [f.name, f.check]))('%s → %s', async (fault, check) => {
    const { results } = await runProfile('uzbekhub', ['--fault', fault, '--only', check]);
    const result = results.checks.find((c) => c.id === check)!;
    expect(result.status, result.reason).toBe('fail');
    expect(result.reason.length).toBeGreaterThan(15);
  });
});
