/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { UzbekhubContact } from './contact.ts';

export type UzbekhubContactListResponse = UzbekhubContact[];
