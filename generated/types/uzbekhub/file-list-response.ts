/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export type UzbekhubFileType = 'image' | 'video' | 'voice' | 'document' | 'other';
/**
 * ISO 8601 / RFC 3339 date-time, as Django REST framework renders DateTimeField.
 */
export type Timestamp = string;
export type UzbekhubFileListResponse = UzbekhubFile[];

export interface UzbekhubFile {
  id: number;
  unique_id: string;
  file: string;
  file_type: UzbekhubFileType;
  file_size: number;
  is_temporary: boolean;
  uploaded_at: Timestamp;
}
