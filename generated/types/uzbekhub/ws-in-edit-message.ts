/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Uuid } from '../common/uuid.ts';

export interface UzbekhubWsInEditMessage {
  type: 'edit_message';
  message_id: Uuid;
  message: string;
}
