/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';
import type { Uuid } from '../common/uuid.ts';
import type { UzbekhubPostImage } from './post-image.ts';
import type { UzbekhubUserBrief } from './user-brief.ts';

export interface UzbekhubPost {
  id: Uuid;
  content: string;
  owner: UzbekhubUserBrief;
  images: UzbekhubPostImage[];
  is_active: boolean;
  is_edited: boolean;
  like_count: number;
  comment_count: number;
  view_count: number;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}
