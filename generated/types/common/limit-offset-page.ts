/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { PageLink } from './page-link.ts';

/**
 * Django REST framework LimitOffsetPagination envelope (?limit=L&offset=O).
 */
export interface LimitOffsetPage {
  count: number;
  next: PageLink;
  previous: PageLink;
  results: unknown[];
}
