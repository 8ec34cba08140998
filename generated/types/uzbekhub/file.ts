/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { Timestamp } from '../common/timestamp.ts';
import type { UzbekhubFileType } from './file-type.ts';

export interface UzbekhubFile {
  id: number;
  unique_id: string;
  file: string;
  file_type: UzbekhubFileType;
  file_size: number;
  is_temporary: boolean;
  uploaded_at: Timestamp;
}
