/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export type Uuid = string;

export interface UzbekhubWsOutMessageRead {
  type: 'message_read';
  message_id: Uuid;
  user_id: number;
}
