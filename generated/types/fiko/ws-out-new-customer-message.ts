/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * customer: written by the customer on the external platform; support: written by an agent.
 */
export type FikoMessageType = 'customer' | 'support';
/**
 * ISO 8601 / RFC 3339 date-time, as Django REST framework renders DateTimeField.
 */
export type Timestamp = string;

export interface FikoWsOutNewCustomerMessage {
  type: 'new_customer_message';
  conversation_id: string;
  message: FikoMessage;
  timestamp: Timestamp;
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
