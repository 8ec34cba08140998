/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export interface UzbekhubStoryCreateRequest {
  /**
   * a file part
   */
  media: string;
  caption?: string;
  audience?: 'public' | 'contact' | 'marked';
  marked?: number[];
}
