/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { UzbekhubMember } from './member.ts';

export type UzbekhubMemberListResponse = UzbekhubMember[];
