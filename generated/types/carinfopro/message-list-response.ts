/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { CarinfoproMessage } from './message.ts';

export type CarinfoproMessageListResponse = CarinfoproMessage[];
