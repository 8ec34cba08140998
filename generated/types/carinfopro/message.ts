/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export type Uuid = string;
export type CarinfoproSenderType = 'visitor' | 'owner';
/**
 * ISO 8601 / RFC 3339 date-time, as Django REST framework renders DateTimeField.
 */
export type Timestamp = string;

export interface CarinfoproMessage {
  id: Uuid;
  room_id: Uuid;
  sender_type: CarinfoproSenderType;
  content: string;
  created_at: Timestamp;
}
