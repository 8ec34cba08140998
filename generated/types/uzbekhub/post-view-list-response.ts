/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export type Uuid = string;
/**
 * ISO 8601 / RFC 3339 date-time, as Django REST framework renders DateTimeField.
 */
export type Timestamp = string;
export type UzbekhubPostViewListResponse = UzbekhubPostView[];

export interface UzbekhubPostView {
  id: Uuid;
  owner: UzbekhubUserBrief;
  post: Uuid;
  created_at: Timestamp;
}
/**
 * The short user shape of owners, senders and members.
 */
export interface UzbekhubUserBrief {
  id: number;
  username: string;
  full_name: string;
  profile_picture: string | null;
}
