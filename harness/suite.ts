// A suite is the checks of one profile plus the set-up they share (resolving fixture ids once).
import type { Check } from './check.ts';
import type { RunEnv } from './context.ts';
import type { Transcript } from '../client/transcript.ts';

export interface Suite {
  profile: string;
  checks: Check[];
  /** Runs once before the checks: resolves ids and fixtures through documented endpoints. */
  prepare?(env: RunEnv, transcript: Transcript): Promise<void>;
}
