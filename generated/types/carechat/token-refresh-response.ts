/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * SimpleJWT's TokenRefreshView response (refresh only when rotation is on).
 */
export interface CarechatTokenRefreshResponse {
  access: string;
  refresh?: string;
}
