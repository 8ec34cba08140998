/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { UzbekhubStory } from './story.ts';

export type UzbekhubStoryListResponse = UzbekhubStory[];
