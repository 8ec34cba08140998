/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { FikoMessage } from './message.ts';
import type { FikoSource } from './source.ts';

export interface FikoWsOutChatMessage {
  type: 'chat_message';
  message: FikoMessage;
  /**
   * 001 shows a successful send only ({success: true, platform}); a failed one is not shown, so it needs only `success` (and may say why in `error`)
   */
  external_send_result?: {
    success: boolean;
    platform?: FikoSource;
    error?: string;
  };
}
