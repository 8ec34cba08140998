/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export interface FikoWsInMarkRead {
  type: 'mark_read';
}
