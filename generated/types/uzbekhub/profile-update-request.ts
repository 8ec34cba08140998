/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export interface UzbekhubProfileUpdateRequest {
  first_name?: string;
  last_name?: string;
  username?: string;
  bio?: string;
  /**
   * a file part
   */
  profile_picture?: string;
  phone?: string;
  is_private?: boolean;
  password?: string;
}
