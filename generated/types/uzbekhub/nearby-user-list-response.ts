/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export type UzbekhubNearbyUserListResponse = {
  id: number;
  first_name: string;
  last_name: string;
  username: string;
  bio: string;
  profile_picture: string | null;
  distance: number;
}[];
