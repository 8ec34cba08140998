/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { PageLink } from './page-link.ts';

/**
 * Django REST framework PageNumberPagination envelope (?page=N). Item shape is given by the schema that references this one, via allOf + properties.results.items.
 */
export interface DrfPage {
  count: number;
  next: PageLink;
  previous: PageLink;
  results: unknown[];
}
