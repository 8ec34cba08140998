/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * External platform a conversation comes from (Overview: Integration with Telegram and Instagram).
 */
export type FikoSource = 'telegram' | 'instagram';

export interface FikoCustomer {
  id: number;
  first_name: string;
  last_name: string;
  source: FikoSource;
}
