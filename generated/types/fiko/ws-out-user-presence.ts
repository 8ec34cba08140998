/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';

export interface FikoWsOutUserPresence {
  type: 'user_presence';
  user_id: number;
  username: string;
  is_online: boolean;
  timestamp: Timestamp;
}
