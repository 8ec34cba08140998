/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { UzbekhubFileType } from './file-type.ts';

export interface UzbekhubFileUploadRequest {
  /**
   * a file part
   */
  file: string;
  file_type?: UzbekhubFileType;
}
