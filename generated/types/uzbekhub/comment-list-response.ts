/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { UzbekhubComment } from './comment.ts';

export type UzbekhubCommentListResponse = UzbekhubComment[];
