/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { PageLink } from '../common/page-link.ts';

/**
 * Django REST framework LimitOffsetPagination envelope (?limit=L&offset=O).
 */
export interface UzbekhubLimitOffsetPageResponse {
  count: number;
  next: PageLink;
  previous: PageLink;
  results: unknown[];
}
