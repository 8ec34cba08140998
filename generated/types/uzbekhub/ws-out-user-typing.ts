/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export interface UzbekhubWsOutUserTyping {
  type: 'user_typing';
  user_id: number;
  username: string;
  is_typing: boolean;
}
