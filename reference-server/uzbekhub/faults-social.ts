// UzbekHub's part-2 fault switches (faults-social): each turns off exactly one promise of 004's posts,
// stories and site comments, so that its check (suites/uzbekhub/posts.ts, stories.ts, notes.ts) can be
// shown to fail; see faults.ts. Names and check ids are a contract: never rename one, only add.
import type { FaultContext, FaultSpec } from '../fault-spec.ts';
import { editBody } from '../fault-edits.ts';
import type { Story } from './social-state.ts';
import type { UzUser } from './state.ts';
import './social-spec.ts';

/** One operation answers success and changes nothing. */
const noEffect = (op: string) => (applies: boolean, ctx: FaultContext): boolean => (ctx.op === op ? false : applies);
/** One operation's owner rule lets anyone through. */
const ownsAll = (op: string) => (owns: boolean, ctx: FaultContext): boolean => (ctx.op === op ? true : owns);
/** Who sees a story of one audience, overridden for everyone but its owner. */
const audience = (which: Story['audience'], sees: boolean) => (v: boolean, ctx: FaultContext): boolean => {
  const story = ctx.story as Story;
  return story.audience === which && story.ownerId !== (ctx.user as UzUser).id ? sees : v;
};
const notEdited = (op: string) => (edited: boolean, ctx: FaultContext): boolean => (ctx.op === op ? false : edited);

export const SOCIAL_FAULTS = [
  // §Posts API 1-5
  { name: 'post-images-dropped', breaks: 'a post keeps none of its `images` parts', check: 'uzbekhub-posts-01', seam: 'read', read: { 'uz.post.images': () => [] } },
  {
    name: 'posts-list-own-only', breaks: 'the post list holds the caller\'s own posts only, not all posts', check: 'uzbekhub-posts-02', seam: 'read',
    read: { 'uz.post.listed': (v, ctx) => v && (ctx.post as { ownerId: number }).ownerId === (ctx.user as UzUser).id },
  },
  { name: 'likes-not-counted', breaks: 'like_count stays 0 whatever the likes', check: 'uzbekhub-posts-03', seam: 'read', read: { 'uz.post.counts': (c) => ({ ...c, likes: 0 }) } },
  { name: 'comments-not-counted', breaks: 'comment_count stays 0 whatever the comments', check: 'uzbekhub-posts-03', seam: 'read', read: { 'uz.post.counts': (c) => ({ ...c, comments: 0 }) } },
  { name: 'views-not-counted', breaks: 'view_count stays 0 whatever the views', check: 'uzbekhub-posts-03', seam: 'read', read: { 'uz.post.counts': (c) => ({ ...c, views: 0 }) } },
  { name: 'post-edit-unflagged', breaks: 'an updated post keeps is_edited false', check: 'uzbekhub-posts-04', seam: 'read', read: { 'uz.edited': notEdited('posts.update') } },
  {
    name: 'post-updated-at-null', breaks: 'a post\'s updated_at stays null after an update', check: 'uzbekhub-posts-05', seam: 'reply',
    reply: { schema: 'uzbekhub/post', edit: (r) => editBody(r, (b) => ({ ...b, updated_at: null })) },
  },
  // §Posts API 6-14
  { name: 'like-twice', breaks: 'the same user likes the same post twice', check: 'uzbekhub-posts-06', seam: 'valid', valid: { rule: 'uz-like-once', verdict: true } },
  { name: 'comment-reply-dropped', breaks: 'a comment is stored without its reply_to', check: 'uzbekhub-posts-07', seam: 'read', read: { 'uz.comment.reply-to': () => null } },
  { name: 'comment-edit-unflagged', breaks: 'an updated comment keeps is_edited false', check: 'uzbekhub-posts-08', seam: 'read', read: { 'uz.edited': notEdited('comments.update') } },
  { name: 'view-twice', breaks: 'the same user\'s view of a post is recorded twice', check: 'uzbekhub-posts-09', seam: 'valid', valid: { rule: 'uz-post-view-once', verdict: true } },
  // §Stories API 1-9
  { name: 'story-caption-dropped', breaks: 'a story is stored without its caption', check: 'uzbekhub-stories-01', seam: 'read', read: { 'uz.story.caption': () => '' } },
  { name: 'public-story-hidden', breaks: 'a public story is seen by its owner only', check: 'uzbekhub-stories-02', seam: 'read', read: { 'uz.story.sees': audience('public', false) } },
  { name: 'marked-story-for-anyone', breaks: 'a story for marked users is seen by anyone', check: 'uzbekhub-stories-03', seam: 'read', read: { 'uz.story.sees': audience('marked', true) } },
  { name: 'contact-story-for-anyone', breaks: 'a story for contacts is seen by anyone', check: 'uzbekhub-stories-04', seam: 'read', read: { 'uz.story.sees': audience('contact', true) } },
  { name: 'archived-still-active', breaks: 'an archived story stays active (the archive never holds it)', check: 'uzbekhub-stories-05', seam: 'read', read: { 'uz.story.archived': () => false } },
  { name: 'archive-detail-for-anyone', breaks: 'anyone reads another user\'s archived story', check: 'uzbekhub-stories-06', seam: 'read', read: { 'uz.owns': ownsAll('archive.get') } },
  // §Stories API 10-13
  { name: 'reaction-twice', breaks: 'the same user reacts to the same story twice', check: 'uzbekhub-stories-07', seam: 'valid', valid: { rule: 'uz-reaction-once', verdict: true } },
  { name: 'story-view-status-200', breaks: 'marking a story viewed answers 200, not 201', check: 'uzbekhub-stories-08', seam: 'reply', reply: { schema: 'uzbekhub/story-view', edit: (r) => ({ ...r, status: 200 }) } },
  {
    name: 'react-outside-audience', breaks: 'anyone reacts to a story outside their audience', check: 'uzbekhub-stories-10', seam: 'read',
    read: { 'uz.story.sees': (v, ctx) => (ctx.op === 'reactions.create' ? true : v) },
  },
  {
    name: 'view-outside-audience', breaks: 'anyone marks viewed a story outside their audience', check: 'uzbekhub-stories-10', seam: 'read',
    read: { 'uz.story.sees': (v, ctx) => (ctx.op === 'storyViews.create' ? true : v) },
  },
  { name: 'viewer-taken-from-body', breaks: 'a story view is recorded for whichever `viewer` the body names', check: 'uzbekhub-stories-09', seam: 'valid', valid: { rule: 'uz-viewer-is-caller', verdict: true } },
  // §Notifications API 1-2
  { name: 'site-comment-not-stored', breaks: 'a site comment answers 201 and is never listed', check: 'uzbekhub-notes-01', seam: 'read', read: { 'uz.effect': noEffect('siteComments.create') } },
  { name: 'site-comment-empty-accepted', breaks: 'a site comment without content is accepted', check: 'uzbekhub-notes-02', seam: 'valid', valid: { rule: 'uz-site-comment-content', verdict: true } },
  {
    name: 'reaction-changed-by-anyone', breaks: 'anyone may PATCH or DELETE someone else\'s reaction', check: 'uzbekhub-stories-11', seam: 'read',
    read: { 'uz.owns': (owns: boolean, ctx: FaultContext) => owns || ctx.op === 'reactions.update' || ctx.op === 'reactions.delete' },
  },
] as const satisfies readonly FaultSpec[];
