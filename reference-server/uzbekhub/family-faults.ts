// UzbekHub's part-2 fault switches (family-faults): each turns off exactly one promise; see faults.ts.
import type { FaultSpec } from '../fault-spec.ts';

export const FAMILY_FAULTS = [] as const satisfies readonly FaultSpec[];
