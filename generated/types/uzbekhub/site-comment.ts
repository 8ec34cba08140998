/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';

export interface UzbekhubSiteComment {
  id: number;
  content: string;
  created_at: Timestamp;
}
