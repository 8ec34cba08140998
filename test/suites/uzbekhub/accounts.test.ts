// The accounts checks as someone else's server meets them: from a target file without hooks.emailCode the
// email flows (and the checks that need an account of their own) are skipped with that reason and nothing
// else is held up; without users.staff the staff's own admin checks are skipped, the refusal of non-staff
// still checked; the throttle checks read the stated limits and send limit + 1.
import { describe, expect, it } from 'vitest';
import { startServer } from '../../../reference-server/index.ts';
import { runTarget } from '../prove.ts';
import { parseRate } from '../../../suites/uzbekhub/throttles.ts';

describe('uzbekhub accounts from a target file', () => {
  it('without hooks.emailCode and users.staff: the email flows and the checks needing their own accounts are skipped with the reason; everything else passes', async () => {
    const server = await startServer({ profile: 'uzbekhub', logger: false });
    try {
      const { hooks: _hooks, ...target } = server.target;
      const { staff: _staff, ...users } = target.users;
      const { code, results } = await runTarget({ ...target, users });
      const skipped = results.checks.filter((c) => c.status === 'skip');
      expect(results.checks.filter((c) => c.status !== 'pass' && c.status !== 'skip').map((c) => `${c.id}: ${c.status} ${c.reason}`)).toEqual([]);
      for (const id of ['uzbekhub-email-01', 'uzbekhub-email-03', 'uzbekhub-email-05', 'uzbekhub-email-07', 'uzbekhub-account-16']) {
        expect(skipped.find((c) => c.id === id)?.reason, id).toMatch(/no hooks\.emailCode/);
      }
      expect(skipped.find((c) => c.id === 'uzbekhub-account-28')?.reason).toMatch(/no users\.staff/);
      for (const id of ['uzbekhub-account-01', 'uzbekhub-account-02', 'uzbekhub-account-09', 'uzbekhub-account-27', 'uzbekhub-throttle-01', 'uzbekhub-throttle-03']) {
        expect(results.checks.find((c) => c.id === id)?.status, id).toBe('pass');
      }
      expect(code).toBe(0);
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('throttle rates', () => {
  it('reads DRF\'s rate form', () => {
    expect(parseRate('30/min')).toEqual({ limit: 30, seconds: 60, text: '30/min' });
    expect(parseRate('5/s')?.seconds).toBe(1);
    expect(parseRate('1000/day')?.seconds).toBe(86400);
    expect(parseRate('ten/min')).toBeUndefined();
    expect(parseRate(undefined)).toBeUndefined();
  });
});
