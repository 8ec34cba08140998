/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export type Uuid = string;

export interface UzbekhubCommentCreateRequest {
  post: Uuid;
  comment: string;
  reply_to?: Uuid | null;
}
