/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';
import type { Uuid } from '../common/uuid.ts';
import type { UzbekhubUserBrief } from './user-brief.ts';

export interface UzbekhubPostView {
  id: Uuid;
  owner: UzbekhubUserBrief;
  post: Uuid;
  created_at: Timestamp;
}
