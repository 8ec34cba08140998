/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export interface UzbekhubPasswordResetRequest {
  new_password: string;
  confirm_password: string;
}
