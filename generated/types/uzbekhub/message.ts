/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';
import type { Uuid } from '../common/uuid.ts';
import type { UzbekhubFile } from './file.ts';
import type { UzbekhubUserBrief } from './user-brief.ts';

export type UzbekhubMessage = {
  [k: string]: unknown;
} & {
  id: Uuid;
  room: Uuid;
  sender: UzbekhubUserBrief;
  text: string;
  reply_to: Uuid | null;
  attachments: UzbekhubFile[];
  is_edited: boolean;
  created_at: Timestamp;
  update_at?: Timestamp;
  updated_at?: Timestamp;
};
