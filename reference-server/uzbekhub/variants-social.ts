// UzbekHub's part-2 compliant variants (variants-social): other readings 004 allows for posts and
// stories where schemas/DECISIONS.md picked one; see variants.ts. Names are a contract: never rename one.
import { v } from '../variant-spec.ts';
import './social-spec.ts';

export const SOCIAL_VARIANTS = [
  v('repeat-answers-existing', 'a second like or view of a post, or view of a story, by the same user answers the first one with 200 instead of 400 (still counted once)', 'D-uzbekhub-43', { rules: { uzRepeatAnswersExisting: true } }),
  v('story-hidden-403', 'a story outside the caller\'s audience answers 403 on detail, not 404 (004 names no status)', 'D-uzbekhub-44', { rules: { uzStoryHidden403: true } }),
  v('viewer-from-caller', 'a story view records the caller whatever `viewer` the body names, instead of refusing another id with 400', 'D-uzbekhub-20', { rules: { uzViewerFromCaller: true } }),
] as const;
