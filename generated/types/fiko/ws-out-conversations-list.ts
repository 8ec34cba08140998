/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * External platform a conversation comes from (Overview: Integration with Telegram and Instagram).
 */
export type FikoSource = 'telegram' | 'instagram';
/**
 * customer: written by the customer on the external platform; support: written by an agent.
 */
export type FikoMessageType = 'customer' | 'support';
/**
 * ISO 8601 / RFC 3339 date-time, as Django REST framework renders DateTimeField.
 */
export type Timestamp = string;

export interface FikoWsOutConversationsList {
  type: 'conversations_list';
  conversations: FikoConversation[];
  timestamp: Timestamp;
}
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
export interface FikoCustomer {
  id: number;
  first_name: string;
  last_name: string;
  source: FikoSource;
}
export interface FikoLastMessage {
  content: string;
  type: FikoMessageType;
  created_at: Timestamp;
}
