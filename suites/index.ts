// Every dialect's suite (suites/<id>/), by dialect id, from the manifest (dialects.ts).
import { TargetError } from '../core/target.ts';
import { idsWith, loadRole } from '../dialects.ts';
import type { Suite } from '../harness/suite.ts';

export const SUITES: Readonly<Record<string, Suite>> = await loadRole('suite');

export function suiteFor(profile: string): Suite {
  const suite = SUITES[profile];
  if (!suite) throw new TargetError(`no conformance suite for profile '${profile}' yet (suites exist for: ${idsWith('suite').join(', ')})`);
  return suite;
}
