/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { FikoMessage } from './message.ts';
import type { FikoSource } from './source.ts';

export interface FikoWsOutChatMessage {
  type: 'chat_message';
  message: FikoMessage;
  external_send_result?: {
    success: boolean;
    platform: FikoSource;
    error?: string;
  };
}
