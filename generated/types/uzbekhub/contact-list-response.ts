/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * ISO 8601 / RFC 3339 date-time, as Django REST framework renders DateTimeField.
 */
export type Timestamp = string;
export type UzbekhubContactListResponse = UzbekhubContact[];

export interface UzbekhubContact {
  id: number;
  owner: number;
  contact: number;
  nikname: string;
  created_at: Timestamp;
  update_at: Timestamp;
}
