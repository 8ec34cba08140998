// The names the social part of 004 (posts, stories, site comments) adds at the shared seams: the rules
// its validators report, the values a fault may change, and the rules its variants set.

export type Audience = 'public' | 'contact' | 'marked';

declare module '../fault-spec.ts' {
  interface DialectRules {
    /** 004 §Posts API 6: "Bir postga bir marta like bosish mumkin" (a post can be liked once) */
    'uz-like-once': true;
    /** 004 §Posts API 13: "Bir postga bir marta view qayd qilinadi" (a view of a post is recorded once) */
    'uz-post-view-once': true;
    /** 004 §Stories API 10: "Bir hikoyaga bir marta reaktsiya qoldirish mumkin" (one reaction per story) */
    'uz-reaction-once': true;
    /** D-uzbekhub-20: a story view's `viewer` is the caller */
    'uz-viewer-is-caller': true;
    /** D-uzbekhub-47: a site comment has `content` */
    'uz-site-comment-content': true;
  }
  interface Reads {
    /** the image parts a post is created or updated with */
    'uz.post.images': readonly import('./social-form.ts').Part[];
    /** whether a post is in §Posts API 1's list as the caller reads it (ctx: post, user) */
    'uz.post.listed': boolean;
    /** a post's like, comment and view counts as its object shows them (ctx: post) */
    'uz.post.counts': { likes: number; comments: number; views: number };
    /** whether an update marks the record edited (ctx.op: posts.update or comments.update) */
    'uz.edited': boolean;
    /** the `reply_to` a post comment is stored with */
    'uz.comment.reply-to': string | null;
    /** the caption a story is stored with */
    'uz.story.caption': string;
    /** whether the caller is in a story's audience (ctx: story, user; op: reactions.create or storyViews.create when reacting or viewing) */
    'uz.story.sees': boolean;
    /** whether a story is archived (its 24 hours are over, or the archiveStory hook aged it) (ctx: story) */
    'uz.story.archived': boolean;
  }
}

declare module '../variant-spec.ts' {
  interface Rules {
    /** uzbekhub: a second like or view of a post (or story view) answers the existing one with 200 (D-uzbekhub-43/46: 400) */
    uzRepeatAnswersExisting?: boolean;
    /** uzbekhub: a story outside the caller's audience answers 403 on detail (D-uzbekhub-44: 404) */
    uzStoryHidden403?: boolean;
    /** uzbekhub: a story view records the caller whatever `viewer` says (D-uzbekhub-20: another id is 400) */
    uzViewerFromCaller?: boolean;
  }
}
