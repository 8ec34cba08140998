/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';

export type UzbekhubLocation = {
  [k: string]: unknown;
} & {
  id: number;
  owner?: number;
  lat: string;
  long: string;
  country: string | null;
  city: string | null;
  county: string | null;
  neighbourhood: string | null;
  created_at: Timestamp;
  update_at?: Timestamp;
  updated_at?: Timestamp;
};
