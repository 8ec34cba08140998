/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export type UzbekhubFileType = 'image' | 'video' | 'voice' | 'document' | 'other';
