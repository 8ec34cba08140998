// Proof that every UzbekHub check can fail: each fault makes its check fail with a reason, the correct
// server passes every check, and no secret reaches the results; and the suite run from the server's own
// target file passes as it does embedded.
import { describe, expect, it } from 'vitest';
import { SUITES } from '../../../suites/index.ts';
import { proveSuite, runTargetFile } from '../prove.ts';

const SECRETS = ['owner-pass', 'admin-pass', 'member-pass', 'outsider-pass', 'staff-pass'];
const checks = SUITES.uzbekhub!.checks;

proveSuite('uzbekhub', { secrets: SECRETS, strictFault: ['ws-no-member-check', 'uzbekhub-access-04'] });

describe('uzbekhub against a target file', () => {
  it('every check passes from the server\'s own target file, and no password or JWT reaches the results', async () => {
    const { code, results, text } = await runTargetFile('uzbekhub');
    expect(results.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.reason}`)).toEqual([]);
    expect(results.summary.pass).toBe(checks.length);
    expect(code).toBe(0);
    for (const secret of [...SECRETS, 'eyJ']) expect(text).not.toContain(secret);
  });
});
