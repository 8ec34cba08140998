/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { MedmappWsOutError } from './ws-out-error.ts';

export type MedmappWsOutRateLimitError = MedmappWsOutError & {
  code?: 'RATE_LIMIT_EXCEEDED';
  retry_after: number;
};
