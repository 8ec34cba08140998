/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export interface UzbekhubSigninRequest {
  email: string;
  password: string;
}
