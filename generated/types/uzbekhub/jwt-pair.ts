/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * SimpleJWT's TokenObtainPairView response.
 */
export interface UzbekhubJwtPair {
  access: string;
  refresh: string;
}
