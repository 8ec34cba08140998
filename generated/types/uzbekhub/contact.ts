/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';

export type UzbekhubContact = {
  [k: string]: unknown;
} & {
  id: number;
  owner: number;
  contact: number;
  nikname: string;
  created_at: Timestamp;
  update_at?: Timestamp;
  updated_at?: Timestamp;
};
