/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { UzbekhubErrorDetail } from './error-detail.ts';
import type { UzbekhubErrorNotFound } from './error-not-found.ts';

/**
 * A 404 body as 004 allows it: §Error Responses' {"error"} (error-not-found, the shape D-uzbekhub-03 picks and uzbekhub-errors-02 judges) or Django REST framework's own {"detail": "Not found."} (error-detail). The profile's 404 body and the exported documents use this one, so a server of either reading conforms to the contract.
 */
export type UzbekhubErrorNotFoundAny = UzbekhubErrorNotFound | UzbekhubErrorDetail;
