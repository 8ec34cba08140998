/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';
import type { FikoMessage } from './message.ts';

export interface FikoWsOutRecentMessages {
  type: 'recent_messages';
  messages: FikoMessage[];
  timestamp: Timestamp;
}
