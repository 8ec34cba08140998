// UzbekHub part 2 (accounts).
import type { Check } from '../../harness/check.ts';
import type { UzState } from './support.ts';

export const accountChecks: Check<UzState>[] = [];
