/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { UzbekhubPostView } from './post-view.ts';

export type UzbekhubPostViewListResponse = UzbekhubPostView[];
