/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export interface UzbekhubSigninResponse {
  status: true;
  email: string;
  token: UzbekhubJwtPair;
}
/**
 * SimpleJWT's TokenObtainPairView response.
 */
export interface UzbekhubJwtPair {
  access: string;
  refresh: string;
}
