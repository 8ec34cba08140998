// UzbekHub's part-2 fault switches (faults-social): each turns off exactly one promise; see faults.ts.
import type { FaultSpec } from '../fault-spec.ts';

export const SOCIAL_FAULTS = [] as const satisfies readonly FaultSpec[];
