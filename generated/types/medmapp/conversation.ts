/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * ISO 8601 / RFC 3339 date-time, as Django REST framework renders DateTimeField.
 */
export type Timestamp = string;

export interface MedmappConversation {
  id: number;
  title: string;
  patient: MedmappPatient;
  operator: MedmappOperator | null;
  status: 'new' | 'in_progress' | 'closed';
  is_active: boolean;
  last_message_at: Timestamp | null;
  unread_count: number;
}
export interface MedmappPatient {
  id: number;
  full_name: string;
  phone?: string;
}
export interface MedmappOperator {
  id: number;
  full_name: string;
}
