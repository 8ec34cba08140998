/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';

export interface UzbekhubStoryView {
  id: number;
  story: number;
  viewer: number;
  viewed_at: Timestamp;
}
