/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * ISO 8601 / RFC 3339 date-time, as Django REST framework renders DateTimeField.
 */
export type Timestamp = string;

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
export interface UzbekhubLocation {
  id: number;
  owner?: number;
  lat: string;
  long: string;
  country: string | null;
  city: string | null;
  county: string | null;
  neighbourhood: string | null;
  created_at: Timestamp;
  update_at: Timestamp;
}
export interface UzbekhubStatus {
  id: number;
  user?: number;
  content: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}
