/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export type Uuid = string;

export interface UzbekhubWsOutMessageDeleted {
  type: 'message_deleted';
  message_id: Uuid;
  room: Uuid;
}
