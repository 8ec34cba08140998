/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';

export interface UzbekhubReaction {
  id: number;
  story: number;
  user: number;
  reaction: string;
  reacted_at: Timestamp;
}
