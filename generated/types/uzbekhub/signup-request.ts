/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export interface UzbekhubSignupRequest {
  email: string;
  password: string;
  confirm_password: string;
}
