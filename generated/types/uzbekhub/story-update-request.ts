/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export interface UzbekhubStoryUpdateRequest {
  caption?: string;
  audience?: 'public' | 'contact' | 'marked';
  marked?: number[];
}
