/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';
import type { MedmappAttachment } from './attachment.ts';
import type { MedmappSender } from './sender.ts';

export interface MedmappWsOutChatMessage {
  type: 'chat_message';
  data: {
    id: number;
    sender: MedmappSender;
    type: 'text' | 'file';
    content: string;
    created_at: Timestamp;
    is_read_by_recipient: boolean;
    attachments?: MedmappAttachment[];
  };
}
