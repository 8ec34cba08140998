/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * The {"message": "..."} acknowledgement many endpoints answer with.
 */
export interface UzbekhubAckResponse {
  message: string;
}
