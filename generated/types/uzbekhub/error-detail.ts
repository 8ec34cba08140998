/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * Django REST framework's default error body for 401/403/404/405 and throttling: {"detail": "..."}.
 */
export interface UzbekhubErrorDetail {
  detail: string;
  code?: string;
}
