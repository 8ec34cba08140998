/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';
import type { Uuid } from '../common/uuid.ts';

export interface CarechatWsOutMessage {
  message: {
    id: Uuid;
    content: string;
    sender_type: 'patient' | 'professional';
    created_at: Timestamp;
  };
}
