/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * SimpleJWT's TokenObtainPairView response.
 */
export interface CarechatTokenResponse {
  access: string;
  refresh: string;
}
