/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';
import type { FikoMessageType } from './message-type.ts';

export interface FikoMessage {
  id: string;
  content: string;
  type: FikoMessageType;
  /**
   * shown on a support message in §chat_message's example; a message no customer wrote may carry null
   */
  customer?: {
    first_name: string;
    last_name: string;
  } | null;
  created_at: Timestamp;
}
