/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';
import type { UzbekhubUserBrief } from './user-brief.ts';

export interface UzbekhubStory {
  id: number;
  owner: UzbekhubUserBrief;
  media: string;
  caption: string;
  marked: number[];
  is_active: boolean;
  audience: 'public' | 'contact' | 'marked';
  created_at: Timestamp;
  updated_at: Timestamp;
}
