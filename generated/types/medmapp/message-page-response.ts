/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { DrfPage } from '../common/drf-page.ts';
import type { MedmappMessage } from './message.ts';

export type MedmappMessagePageResponse = DrfPage & {
  results?: MedmappMessage[];
};
