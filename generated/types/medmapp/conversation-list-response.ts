/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { PageLink } from '../common/page-link.ts';
import type { MedmappConversation } from './conversation.ts';

export interface MedmappConversationListResponse {
  count: number;
  next?: PageLink;
  previous?: PageLink;
  results: MedmappConversation[];
}
