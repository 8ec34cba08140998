/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * customer: written by the customer on the external platform; support: written by an agent.
 */
export type FikoMessageType = 'customer' | 'support';
/**
 * ISO 8601 / RFC 3339 date-time, as Django REST framework renders DateTimeField.
 */
export type Timestamp = string;
/**
 * External platform a conversation comes from (Overview: Integration with Telegram and Instagram).
 */
export type FikoSource = 'telegram' | 'instagram';

export interface FikoWsOutChatMessage {
  type: 'chat_message';
  message: FikoMessage;
  external_send_result?: {
    success: boolean;
    platform: FikoSource;
    error?: string;
  };
}
export interface FikoMessage {
  id: string;
  content: string;
  type: FikoMessageType;
  customer?: {
    first_name: string;
    last_name: string;
  };
  created_at: Timestamp;
}
