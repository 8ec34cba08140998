// UzbekHub part 2 (social): 004 §Posts API, §Stories API and §Notifications API, by hand where no
// generated family speaks (posts.ts, stories.ts, notes.ts).
import type { Check } from '../../harness/check.ts';
import { noteChecks } from './notes.ts';
import { postChecks } from './posts.ts';
import { storyChecks } from './stories.ts';
import type { UzState } from './support.ts';

export const socialChecks: Check<UzState>[] = [...postChecks, ...storyChecks, ...noteChecks];
