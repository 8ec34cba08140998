/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { UzbekhubRoom } from './room.ts';

export type UzbekhubRoomListResponse = UzbekhubRoom[];
