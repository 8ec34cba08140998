/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { LimitOffsetPage } from '../common/limit-offset-page.ts';
import type { UzbekhubMessage } from './message.ts';

export type UzbekhubMessagePageResponse = LimitOffsetPage & {
  results?: UzbekhubMessage[];
};
