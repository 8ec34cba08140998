/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export interface MedmappAttachment {
  id: number;
  file: string;
  file_type: 'image' | 'video' | 'audio' | 'document' | 'other';
  mime_type: string;
  size: number;
  original_name: string;
}
