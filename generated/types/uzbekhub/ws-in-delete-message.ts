/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export type Uuid = string;

export interface UzbekhubWsInDeleteMessage {
  type: 'delete_message';
  message_id: Uuid;
}
