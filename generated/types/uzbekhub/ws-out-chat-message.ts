/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export type Uuid = string;
export type UzbekhubFileType = 'image' | 'video' | 'voice' | 'document' | 'other';
/**
 * ISO 8601 / RFC 3339 date-time, as Django REST framework renders DateTimeField.
 */
export type Timestamp = string;

export interface UzbekhubWsOutChatMessage {
  type: 'chat_message';
  message: UzbekhubMessage;
}
export interface UzbekhubMessage {
  id: Uuid;
  room: Uuid;
  sender: UzbekhubUserBrief;
  text: string;
  reply_to: Uuid | null;
  attachments: UzbekhubFile[];
  is_edited: boolean;
  created_at: Timestamp;
  update_at: Timestamp;
}
/**
 * The short user shape of owners, senders and members.
 */
export interface UzbekhubUserBrief {
  id: number;
  username: string;
  full_name: string;
  profile_picture: string | null;
}
export interface UzbekhubFile {
  id: number;
  unique_id: string;
  file: string;
  file_type: UzbekhubFileType;
  file_size: number;
  is_temporary: boolean;
  uploaded_at: Timestamp;
}
