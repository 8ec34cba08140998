/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Uuid } from '../common/uuid.ts';

/**
 * A patient names the professional, a professional names the patient; exactly one of the two.
 */
export type CarechatChatCreateRequest = {
  professional?: Uuid;
  patient?: Uuid;
} & {
  [k: string]: unknown;
};
