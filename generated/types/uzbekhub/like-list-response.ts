/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { UzbekhubLike } from './like.ts';

export type UzbekhubLikeListResponse = UzbekhubLike[];
