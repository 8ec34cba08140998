/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { DrfValidationError } from '../common/drf-validation-error.ts';
import type { ErrorText } from '../common/error-text.ts';

/**
 * DRF's body (D-carechat-14), or the one error format 002 shows, {"error": "…"} (§Error Responses): the REST errors are a silence of the document, and both readings are accepted
 */
export type CarechatErrorValidation = DrfValidationError | ErrorText;
