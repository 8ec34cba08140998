/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * ISO 8601 / RFC 3339 date-time, as Django REST framework renders DateTimeField.
 */
export type Timestamp = string;

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
export interface MedmappSender {
  id: number;
  full_name: string;
  role?: 'patient' | 'operator';
}
export interface MedmappAttachment {
  id: number;
  file: string;
  file_type: 'image' | 'video' | 'audio' | 'document' | 'other';
  mime_type: string;
  size: number;
  original_name: string;
}
