/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export interface UzbekhubPostCreateRequest {
  content: string;
  /**
   * Items: a file part
   */
  images?: string[];
}
