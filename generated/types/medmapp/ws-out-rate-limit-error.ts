/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export type MedmappWsOutRateLimitError = MedmappWsOutError & {
  code?: 'RATE_LIMIT_EXCEEDED';
  retry_after: number;
};

export interface MedmappWsOutError {
  type?: 'error';
  error: string;
  code: string;
  retry_after?: number;
}
