/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { CarinfoproRoom } from './room.ts';

export type CarinfoproRoomListResponse = CarinfoproRoom[];
