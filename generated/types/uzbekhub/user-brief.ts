/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * The short user shape of owners, senders and members.
 */
export interface UzbekhubUserBrief {
  id: number;
  username: string;
  full_name: string;
  profile_picture: string | null;
}
