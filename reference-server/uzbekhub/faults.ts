import type { FaultSpec } from '../fault-spec.ts';
export const UZBEKHUB_FAULTS = [] as const satisfies readonly FaultSpec[];
