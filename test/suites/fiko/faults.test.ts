// Proof that every Fiko check can fail: for each check, the reference server with the matching fault
// switched on makes `chatconform run` exit as the check's level says, with that check failed and a reason;
// the correct server passes every check, and no secret (password, JWT) reaches the results.
import { describe, expect, it } from 'vitest';
import { SUITES } from '../../../suites/index.ts';
import { proveSuite } from '../prove.ts';

const checks = SUITES.fiko!.checks;

proveSuite('fiko', { secrets: ['agent-pass', 'colleague-pass', 'outsider-pass'], strictFault: ['close-after-error', 'fiko-err-06'] });

describe('fiko checks', () => {
  it('every check cites a section of document 001', () => {
    for (const c of checks) expect(c.doc, c.id).toMatch(/^001 §.+$/);
  });
});
