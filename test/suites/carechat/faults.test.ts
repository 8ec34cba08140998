// Proof that every care chat check can fail: each fault makes its check fail with a reason, the correct
// server passes every check, and no secret reaches the results. The two authentication methods of 002 are
// proven apart: a fault that breaks one leaves the other's check passing.
import { describe, expect, it } from 'vitest';
import { SUITES } from '../../../suites/index.ts';
import { proveSuite, runProfile, runTargetFile } from '../prove.ts';

const SECRETS = ['patient-pass', 'professional-pass', 'outsider-pass', 'dual-pass'];
const checks = SUITES.carechat!.checks;

proveSuite('carechat', { secrets: SECRETS, strictFault: ['close-after-error', 'carechat-err-03'] });

describe('carechat: each authentication method is proven alone', () => {
  it.each([
    ['query-token-ignored', 'carechat-auth-01', 'carechat-auth-02'],
    ['header-token-ignored', 'carechat-auth-02', 'carechat-auth-01'],
  ])('%s fails %s and leaves %s passing', async (fault, broken, other) => {
    const { results } = await runProfile('carechat', ['--fault', fault, '--only', broken, '--only', other]);
    const status = Object.fromEntries(results.checks.map((c) => [c.id, c.status]));
    expect(status).toEqual({ [broken]: 'fail', [other]: 'pass' });
  });
});

describe('carechat against a target file', () => {
  it('every check passes from the server\'s own target file, and no password or JWT reaches the results', async () => {
    const { code, results, text } = await runTargetFile('carechat');
    expect(results.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.reason}`)).toEqual([]);
    expect(results.summary.pass).toBe(checks.length);
    expect(code).toBe(0);
    for (const secret of [...SECRETS, 'eyJ']) expect(text).not.toContain(secret);
  });
});
