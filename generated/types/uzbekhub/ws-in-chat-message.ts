/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Uuid } from '../common/uuid.ts';

export interface UzbekhubWsInChatMessage {
  type: 'chat_message';
  message: string;
  reply_to?: Uuid | null;
  files?: number[];
}
