/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * ISO 8601 / RFC 3339 date-time, as Django REST framework renders DateTimeField.
 */
export type Timestamp = string;

export interface UzbekhubPublicProfileResponse {
  id: number;
  first_name: string;
  last_name: string;
  username: string;
  bio: string;
  profile_picture: string | null;
  is_private: boolean;
  date_joined: Timestamp;
}
