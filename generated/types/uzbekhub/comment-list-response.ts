/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export type Uuid = string;
/**
 * ISO 8601 / RFC 3339 date-time, as Django REST framework renders DateTimeField.
 */
export type Timestamp = string;
export type UzbekhubCommentListResponse = UzbekhubComment[];

export interface UzbekhubComment {
  id: Uuid;
  owner: UzbekhubUserBrief;
  post: Uuid;
  comment: string;
  reply_to: Uuid | null;
  is_edited: boolean;
  created_at: Timestamp;
  updated_at: Timestamp | null;
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
