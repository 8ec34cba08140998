/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';
import type { Uuid } from '../common/uuid.ts';
import type { UzbekhubUserBrief } from './user-brief.ts';

export interface UzbekhubRoom {
  id: Uuid;
  room_type: 'private' | 'group';
  name: string | null;
  username: string | null;
  description: string | null;
  profile_pic: string | null;
  members: UzbekhubUserBrief[];
  created_at: Timestamp;
}
