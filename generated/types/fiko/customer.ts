/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { FikoSource } from './source.ts';

export interface FikoCustomer {
  id: number;
  first_name: string;
  last_name: string;
  source: FikoSource;
}
