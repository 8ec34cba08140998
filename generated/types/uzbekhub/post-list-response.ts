/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { UzbekhubPost } from './post.ts';

export type UzbekhubPostListResponse = UzbekhubPost[];
