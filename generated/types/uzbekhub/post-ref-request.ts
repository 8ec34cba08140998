/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export type Uuid = string;

export interface UzbekhubPostRefRequest {
  post: Uuid;
}
