/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';
import type { MedmappOperator } from './operator.ts';
import type { MedmappPatient } from './patient.ts';

export interface MedmappConversationCreateResponse {
  id: number;
  title: string;
  patient: MedmappPatient;
  operator: MedmappOperator | null;
  status: 'new' | 'in_progress' | 'closed';
  is_active: boolean;
  last_message_at: Timestamp | null;
  unread_count: number;
}
