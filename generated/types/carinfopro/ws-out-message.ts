/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { CarinfoproSenderType } from './sender-type.ts';
import type { Timestamp } from '../common/timestamp.ts';
import type { Uuid } from '../common/uuid.ts';

export interface CarinfoproWsOutMessage {
  id: Uuid;
  room_id: Uuid;
  sender_type: CarinfoproSenderType;
  message: string;
  created_at: Timestamp;
}
