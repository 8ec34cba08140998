/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Uuid } from '../common/uuid.ts';

export interface UzbekhubWsOutMessageDeleted {
  type: 'message_deleted';
  message_id: Uuid;
  room: Uuid;
}
