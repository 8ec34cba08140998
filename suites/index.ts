// Every profile's suite, by dialect id.
import { TargetError } from '../core/target.ts';
import type { Suite } from '../harness/suite.ts';
import { carinfopro } from './carinfopro/index.ts';
import { medmapp } from './medmapp/index.ts';

export const SUITES: Record<string, Suite> = { medmapp, carinfopro };

export function suiteFor(profile: string): Suite {
  const suite = SUITES[profile];
  if (!suite) throw new TargetError(`no conformance suite for profile '${profile}' yet (suites exist for: ${Object.keys(SUITES).join(', ')})`);
  return suite;
}
