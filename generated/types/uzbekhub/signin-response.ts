/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { UzbekhubJwtPair } from './jwt-pair.ts';

export interface UzbekhubSigninResponse {
  status: true;
  email: string;
  token: UzbekhubJwtPair;
}
