/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { UzbekhubMessage } from './message.ts';

export interface UzbekhubWsOutChatMessage {
  type: 'chat_message';
  message: UzbekhubMessage;
}
