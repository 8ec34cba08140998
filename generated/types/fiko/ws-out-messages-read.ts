/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export interface FikoWsOutMessagesRead {
  type: 'messages_read';
  user_id: number;
}
