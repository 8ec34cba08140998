/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { DrfValidationError } from '../common/drf-validation-error.ts';

export interface UzbekhubErrorBadRequest {
  error: string;
  details: DrfValidationError;
}
