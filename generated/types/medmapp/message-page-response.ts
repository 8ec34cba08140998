/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export type MedmappMessagePageResponse = DrfPage & {
  results?: MedmappMessage[];
};
/**
 * A next/previous link: absolute URL or absolute path (documents show both), or null at either end.
 */
export type PageLink = string | null;
/**
 * ISO 8601 / RFC 3339 date-time, as Django REST framework renders DateTimeField.
 */
export type Timestamp = string;

/**
 * Django REST framework PageNumberPagination envelope (?page=N). Item shape is given by the schema that references this one, via allOf + properties.results.items.
 */
export interface DrfPage {
  count: number;
  next: PageLink;
  previous: PageLink;
  results: unknown[];
}
export interface MedmappMessage {
  id: number;
  sender: MedmappSender;
  type: 'text' | 'file';
  content: string;
  created_at: Timestamp;
  is_read_by_recipient: boolean;
  attachments: MedmappAttachment[];
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
