// UzbekHub part 2 (social).
import type { Check } from '../../harness/check.ts';
import type { UzState } from './support.ts';

export const socialChecks: Check<UzState>[] = [];
