/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Uuid } from '../common/uuid.ts';

export interface UzbekhubPostRefRequest {
  post: Uuid;
}
