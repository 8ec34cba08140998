/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';
import type { Uuid } from '../common/uuid.ts';
import type { UzbekhubUserBrief } from './user-brief.ts';

export interface UzbekhubMember {
  id: number;
  room: Uuid;
  user: UzbekhubUserBrief;
  role: 'owner' | 'admin' | 'member';
  joined_at: Timestamp;
}
