/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';
import type { Uuid } from '../common/uuid.ts';

export interface UzbekhubPostImage {
  id: Uuid;
  image: string;
  created_at: Timestamp;
}
