/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';
import type { FikoConversation } from './conversation.ts';

export interface FikoWsOutConversationsList {
  type: 'conversations_list';
  conversations: FikoConversation[];
  timestamp: Timestamp;
}
