/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * A next/previous link: absolute URL or absolute path (documents show both), or null at either end.
 */
export type PageLink = string | null;

/**
 * Django REST framework LimitOffsetPagination envelope (?limit=L&offset=O).
 */
export interface UzbekhubLimitOffsetPageResponse {
  count: number;
  next: PageLink;
  previous: PageLink;
  results: unknown[];
}
