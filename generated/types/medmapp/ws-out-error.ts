/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export interface MedmappWsOutError {
  type?: 'error';
  error: string;
  code: string;
  retry_after?: number;
}
