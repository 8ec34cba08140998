/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';

export interface UzbekhubStatus {
  id: number;
  user?: number;
  content: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}
