/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';
import type { FikoMessageType } from './message-type.ts';

export interface FikoLastMessage {
  content: string;
  type: FikoMessageType;
  created_at: Timestamp;
}
