/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * SimpleJWT's TokenObtainPairView response.
 */
export interface UzbekhubGoogleOauthResponse {
  access: string;
  refresh: string;
}
