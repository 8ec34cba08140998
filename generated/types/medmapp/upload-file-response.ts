/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';
import type { MedmappAttachment } from './attachment.ts';
import type { MedmappSender } from './sender.ts';

export interface MedmappUploadFileResponse {
  message: {
    id: number;
    sender?: MedmappSender;
    type: 'file';
    content: string;
    created_at?: Timestamp;
    is_read_by_recipient?: boolean;
    /**
     * @minItems 1
     */
    attachments: [MedmappAttachment, ...MedmappAttachment[]];
  };
}
