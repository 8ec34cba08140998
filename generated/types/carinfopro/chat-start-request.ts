/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Uuid } from '../common/uuid.ts';

/**
 * user_id is the owner's UUID; visitor_name is optional and defaults to "".
 */
export interface CarinfoproChatStartRequest {
  user_id: Uuid;
  visitor_name?: string;
}
