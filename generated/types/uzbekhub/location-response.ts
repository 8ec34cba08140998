/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { UzbekhubLocation } from './location.ts';

export type UzbekhubLocationResponse = UzbekhubLocation;
