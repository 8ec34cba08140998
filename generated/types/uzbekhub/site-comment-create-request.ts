/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export interface UzbekhubSiteCommentCreateRequest {
  content: string;
}
