/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { UzbekhubBlock } from './block.ts';

export type UzbekhubBlockListResponse = UzbekhubBlock[];
