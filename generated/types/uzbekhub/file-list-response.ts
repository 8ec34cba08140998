/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { UzbekhubFile } from './file.ts';

export type UzbekhubFileListResponse = UzbekhubFile[];
