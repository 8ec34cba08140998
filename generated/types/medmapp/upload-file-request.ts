/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * The multipart/form-data fields of §4.1 (`file: [binary]`, `message: "Mana rasm"  (optional)`): one part each.
 */
export interface MedmappUploadFileRequest {
  /**
   * the file part (any file; its MIME type gives file_type, D-medmapp-12)
   */
  file: string;
  /**
   * optional text sent with the file
   */
  message?: string;
}
