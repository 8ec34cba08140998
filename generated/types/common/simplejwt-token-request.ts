/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * SimpleJWT's TokenObtainPairView request with Django's default USERNAME_FIELD.
 */
export interface SimpleJwtTokenRequest {
  username: string;
  password: string;
}
