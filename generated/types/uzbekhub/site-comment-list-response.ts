/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { UzbekhubSiteComment } from './site-comment.ts';

export type UzbekhubSiteCommentListResponse = UzbekhubSiteComment[];
