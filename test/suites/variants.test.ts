// The variant matrix, the dual of the fault proofs: against the reference server taking another reading
// its document allows (each variant alone, then all at once), the full suite is compliant: exit 0 without
// --strict, every MUST check passes and none is left unrun. With all variants on, every fault is still
// caught by its check. Runs are in-process (cli main), one embedded server each, one after another.
import { describe, expect, it } from 'vitest';
import { VARIANTS } from '../../reference-server/variants.ts';
import { compliance, proveSuite, runProfile, variantArgs } from './prove.ts';

const SECRETS: Record<string, string[]> = {
  medmapp: ['patient-pass', 'operator-pass', 'outsider-pass'],
  carinfopro: ['owner-pass', 'other-owner-pass'],
  fiko: ['agent-pass', 'colleague-pass', 'outsider-pass'],
  carechat: ['patient-pass', 'professional-pass', 'outsider-pass', 'dual-pass'],
  uzbekhub: ['owner-pass', 'admin-pass', 'member-pass', 'outsider-pass', 'staff-pass'],
};
const STRICT: Record<string, [string, string]> = {
  medmapp: ['no-status-update', 'medmapp-status-01'],
  carinfopro: ['close-after-error', 'carinfopro-err-05'],
  fiko: ['close-after-error', 'fiko-err-06'],
  carechat: ['close-after-error', 'carechat-err-03'],
  uzbekhub: ['ws-no-member-check', 'uzbekhub-access-04'],
};

for (const profile of Object.keys(VARIANTS)) {
  // A variant a run paces itself to (socket-limit) is slow by design: its own test proves it, with a short window.
  const names = VARIANTS[profile]!.filter((v) => !('provedBy' in v && v.provedBy)).map((v) => v.name);

  describe(`${profile}: each variant alone is compliant`, () => {
    it.each(names)('%s', async (name) => {
      const { code, results } = await runProfile(profile, variantArgs([name]), 3000);
      expect(compliance(profile, [name], code, results)).toEqual([]);
    }, 60_000);
  });

  proveSuite(profile, { secrets: SECRETS[profile]!, strictFault: STRICT[profile]!, variants: names });
}
