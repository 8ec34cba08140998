/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export type Uuid = string;
/**
 * ISO 8601 / RFC 3339 date-time, as Django REST framework renders DateTimeField.
 */
export type Timestamp = string;
export type CarinfoproRoomListResponse = CarinfoproRoom[];

export interface CarinfoproRoom {
  id: Uuid;
  owner_id: Uuid;
  visitor_name: string;
  is_active: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
}
