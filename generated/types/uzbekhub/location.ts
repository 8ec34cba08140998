/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * ISO 8601 / RFC 3339 date-time, as Django REST framework renders DateTimeField.
 */
export type Timestamp = string;

export interface UzbekhubLocation {
  id: number;
  owner?: number;
  lat: string;
  long: string;
  country: string | null;
  city: string | null;
  county: string | null;
  neighbourhood: string | null;
  created_at: Timestamp;
  update_at: Timestamp;
}
