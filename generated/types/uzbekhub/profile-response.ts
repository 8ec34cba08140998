/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';
import type { UzbekhubLocation } from './location.ts';
import type { UzbekhubStatus } from './status.ts';

export interface UzbekhubProfileResponse {
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
  email: string;
  location: UzbekhubLocation | null;
  status: UzbekhubStatus | null;
}
