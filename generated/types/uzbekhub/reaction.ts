/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * ISO 8601 / RFC 3339 date-time, as Django REST framework renders DateTimeField.
 */
export type Timestamp = string;

export interface UzbekhubReaction {
  id: number;
  story: number;
  user: number;
  reaction: string;
  reacted_at: Timestamp;
}
