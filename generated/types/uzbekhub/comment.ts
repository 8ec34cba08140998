/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';
import type { Uuid } from '../common/uuid.ts';
import type { UzbekhubUserBrief } from './user-brief.ts';

export interface UzbekhubComment {
  id: Uuid;
  owner: UzbekhubUserBrief;
  post: Uuid;
  comment: string;
  reply_to: Uuid | null;
  is_edited: boolean;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}
