/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * ISO 8601 / RFC 3339 date-time, as Django REST framework renders DateTimeField.
 */
export type Timestamp = string;

export interface FikoWsOutUserPresence {
  type: 'user_presence';
  user_id: number;
  username: string;
  is_online: boolean;
  timestamp: Timestamp;
}
