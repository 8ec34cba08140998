/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * SimpleJWT's TokenRefreshView request.
 */
export interface FikoTokenRefreshRequest {
  refresh: string;
}
