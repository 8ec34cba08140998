/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export interface UzbekhubRoomUpdateRequest {
  name?: string;
  username?: string;
  description?: string;
  /**
   * a file part
   */
  profile_pic?: string;
}
