/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export type Uuid = string;
/**
 * ISO 8601 / RFC 3339 date-time, as Django REST framework renders DateTimeField.
 */
export type Timestamp = string;

export interface UzbekhubPost {
  id: Uuid;
  content: string;
  owner: UzbekhubUserBrief;
  images: UzbekhubPostImage[];
  is_active: boolean;
  is_edited: boolean;
  like_count: number;
  comment_count: number;
  view_count: number;
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
export interface UzbekhubPostImage {
  id: Uuid;
  image: string;
  created_at: Timestamp;
}
