/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';

export interface FikoWsOutTypingIndicator {
  type: 'typing_indicator';
  user_id: number;
  username: string;
  is_typing: boolean;
  conversation_id: string;
  timestamp: Timestamp;
}
