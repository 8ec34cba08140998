/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { UzbekhubStatus } from './status.ts';

export type UzbekhubStatusResponse = UzbekhubStatus;
