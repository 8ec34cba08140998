/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Uuid } from '../common/uuid.ts';

export interface UzbekhubCommentCreateRequest {
  post: Uuid;
  comment: string;
  reply_to?: Uuid | null;
}
