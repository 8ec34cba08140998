/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';
import type { UzbekhubUserBrief } from './user-brief.ts';

export interface UzbekhubBlock {
  id: number;
  user: number;
  blocked_user: UzbekhubUserBrief;
  created_at: Timestamp;
}
