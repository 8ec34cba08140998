/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { UzbekhubUser } from './user.ts';

export type UzbekhubUserListResponse = UzbekhubUser[];
