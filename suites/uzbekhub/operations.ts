// UzbekHub part 2 (operations).
import type { Check } from '../../harness/check.ts';
import type { UzState } from './support.ts';

export const operationChecks: Check<UzState>[] = [];
