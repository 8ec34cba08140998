/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * SimpleJWT's TokenObtainPairView response.
 */
export interface FikoTokenResponse {
  access: string;
  refresh: string;
}
