/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';

/**
 * A user as search, user-by-id and the admin endpoints show it.
 */
export interface UzbekhubUser {
  id: number;
  first_name: string;
  last_name: string;
  username: string;
  bio: string;
  profile_picture: string | null;
  phone: string | null;
  is_private: boolean;
  is_active: boolean;
  is_staff: boolean;
  date_joined: Timestamp;
  last_login: Timestamp | null;
  last_online: Timestamp | null;
}
