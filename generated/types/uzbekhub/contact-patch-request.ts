/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export interface UzbekhubContactPatchRequest {
  contact?: number;
  nikname?: string;
}
