/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export type Uuid = string;
/**
 * ISO 8601 / RFC 3339 date-time, as Django REST framework renders DateTimeField.
 */
export type Timestamp = string;

export interface UzbekhubPostImage {
  id: Uuid;
  image: string;
  created_at: Timestamp;
}
