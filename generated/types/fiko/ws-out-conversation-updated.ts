/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export interface FikoWsOutConversationUpdated {
  type: 'conversation_updated';
  conversation_id: string;
}
