/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export interface FikoWsInChatMessage {
  type: 'chat_message';
  content: string;
}
