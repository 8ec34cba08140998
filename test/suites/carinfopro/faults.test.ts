// Proof that every CarInfoPro check can fail: for each check, the reference server with the matching fault
// switched on makes `chatconform run` exit as the check's level says, with that check failed and a reason;
// the correct server passes every check, and no secret (password, JWT, visitor token) reaches the results.
import { describe, expect, it } from 'vitest';
import { SUITES } from '../../../suites/index.ts';
import { proveSuite, runTargetFile } from '../prove.ts';

const checks = SUITES.carinfopro!.checks;

proveSuite('carinfopro', { secrets: ['owner-pass', 'other-owner-pass'], strictFault: ['close-after-error', 'carinfopro-err-05'] });

describe('carinfopro against a target file', () => {
  it('every check cites a section of document 003 or a carinfopro decision', () => {
    for (const c of checks) expect(c.doc, c.id).toMatch(/^(003 §.+|D-carinfopro-\d{2})$/);
  });

  it('no secret reaches the results: passwords, JWTs, the fixture visitor token, any visitor_token value', async () => {
    const { code, results, text, target } = await runTargetFile('carinfopro');
    expect(results.summary.pass).toBe(checks.length);
    expect(code).toBe(0);
    const fixtureToken = target.users.visitor!.token!;
    for (const secret of ['owner-pass', 'other-owner-pass', 'eyJ', fixtureToken]) expect(text).not.toContain(secret);
    // Tokens minted during the run (each check's own rooms) are redacted wherever they are named.
    expect(text).toContain('visitor_token\\":\\"[redacted]');
    expect(text).not.toMatch(/visitor_token\\?"\s*:\s*\\?"[0-9a-f]/i);
    // ...except the random UUIDs the guesser checks invent (issue 9: invented values are shown).
    expect(text).toMatch(/\[guesser\] connect [^"]*\?visitor=[0-9a-f]{8}-/);
    expect(text.replace(/\[guesser\] connect [^"]*/g, '')).not.toMatch(/[?&]visitor=[0-9a-f]/i);
  });
});
