/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * ISO 8601 / RFC 3339 date-time, as Django REST framework renders DateTimeField.
 */
export type Timestamp = string;

export interface UzbekhubStoryView {
  id: number;
  story: number;
  viewer: number;
  viewed_at: Timestamp;
}
