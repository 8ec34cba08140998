/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';
import type { Uuid } from '../common/uuid.ts';

export interface CarinfoproRoom {
  id: Uuid;
  owner_id: Uuid;
  visitor_name: string;
  is_active: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
}
