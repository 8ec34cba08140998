/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';
import type { FikoCustomer } from './customer.ts';
import type { FikoLastMessage } from './last-message.ts';
import type { FikoSource } from './source.ts';

export interface FikoConversation {
  id: string;
  title: string;
  source: FikoSource;
  status: string;
  customer: FikoCustomer;
  last_message: FikoLastMessage | null;
  unread_count: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}
