// The records of 004's posts (UUID ids: posts, images, likes, comments, views) and stories (integer ids:
// stories, reactions, story views), and the site comments (integer ids) (D-uzbekhub-25), kept in memory
// beside the chat's (UzState), and their objects as §Posts API 1, 6, 9, 13, §Stories API 1, 10, 13 and
// §Notifications API 1 show them.
import type { Audience } from './social-spec.ts';
import type { UzState } from './state.ts';
import { iso, userBrief } from './wire.ts';

/** A story is active for 24 hours (D-uzbekhub-19). */
export const STORY_LIFETIME_MS = 24 * 60 * 60_000;

export interface PostImage {
  id: string;
  path: string;
  createdAt: number;
}

export interface Post {
  id: string;
  ownerId: number;
  content: string;
  images: PostImage[];
  edited: boolean;
  createdAt: number;
  updatedAt: number | null;
}

/** A like or a view of a post: the same four fields (§Posts API 6 and 13). */
export interface PostMark {
  id: string;
  ownerId: number;
  postId: string;
  createdAt: number;
}

export interface PostComment {
  id: string;
  ownerId: number;
  postId: string;
  comment: string;
  replyTo: string | null;
  edited: boolean;
  createdAt: number;
  updatedAt: number | null;
}

export interface Story {
  id: number;
  ownerId: number;
  path: string;
  caption: string;
  marked: number[];
  audience: Audience;
  archived: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface Reaction {
  id: number;
  storyId: number;
  userId: number;
  reaction: string;
  reactedAt: number;
}

export interface StoryView {
  id: number;
  storyId: number;
  viewerId: number;
  viewedAt: number;
}

export interface SiteComment {
  id: number;
  content: string;
  createdAt: number;
}

/** The social records; timestamps come from the chat's clock (UzState.now) so that order is total. */
export class SocialState {
  readonly posts = new Map<string, Post>();
  readonly likes = new Map<string, PostMark>();
  readonly comments = new Map<string, PostComment>();
  readonly views = new Map<string, PostMark>();
  readonly stories = new Map<number, Story>();
  readonly reactions = new Map<number, Reaction>();
  readonly storyViews = new Map<number, StoryView>();
  readonly siteComments: SiteComment[] = [];
  private seq = { story: 0, reaction: 0, storyView: 0, siteComment: 0 };

  constructor(readonly chat: UzState) {}

  now(): number {
    return this.chat.now();
  }

  next(kind: keyof SocialState['seq']): number {
    return ++this.seq[kind];
  }

  marksOf(map: Map<string, PostMark>, postId: string): PostMark[] {
    return [...map.values()].filter((m) => m.postId === postId);
  }

  commentsOf(postId: string): PostComment[] {
    return [...this.comments.values()].filter((c) => c.postId === postId);
  }

  deletePost(id: string): void {
    this.posts.delete(id);
    for (const map of [this.likes, this.views, this.comments] as Map<string, { postId: string }>[]) for (const [k, r] of map) if (r.postId === id) map.delete(k);
  }

  deleteStory(id: number): void {
    this.stories.delete(id);
    for (const [k, r] of this.reactions) if (r.storyId === id) this.reactions.delete(k);
    for (const [k, v] of this.storyViews) if (v.storyId === id) this.storyViews.delete(k);
  }
}

const media = (origin: string, path: string) => `${origin}/media/${path}`;

export function postView(p: Post, counts: { likes: number; comments: number; views: number }, origin: string) {
  return {
    id: p.id,
    content: p.content,
    owner: userBrief(p.ownerId),
    images: p.images.map((i) => ({ id: i.id, image: media(origin, i.path), created_at: iso(i.createdAt) })),
    is_active: true,
    is_edited: p.edited,
    like_count: counts.likes,
    comment_count: counts.comments,
    view_count: counts.views,
    created_at: iso(p.createdAt),
    updated_at: p.updatedAt === null ? null : iso(p.updatedAt),
  };
}

export const markView = (m: PostMark) => ({ id: m.id, owner: userBrief(m.ownerId), post: m.postId, created_at: iso(m.createdAt) });

export const commentView = (c: PostComment) => ({
  id: c.id,
  owner: userBrief(c.ownerId),
  post: c.postId,
  comment: c.comment,
  reply_to: c.replyTo,
  is_edited: c.edited,
  created_at: iso(c.createdAt),
  updated_at: c.updatedAt === null ? null : iso(c.updatedAt),
});

export const storyView = (s: Story, active: boolean, origin: string) => ({
  id: s.id,
  owner: userBrief(s.ownerId),
  media: media(origin, s.path),
  caption: s.caption,
  marked: s.marked,
  is_active: active,
  audience: s.audience,
  created_at: iso(s.createdAt),
  updated_at: iso(s.updatedAt),
});

export const reactionView = (r: Reaction) => ({ id: r.id, story: r.storyId, user: r.userId, reaction: r.reaction, reacted_at: iso(r.reactedAt) });
export const storyViewView = (v: StoryView) => ({ id: v.id, story: v.storyId, viewer: v.viewerId, viewed_at: iso(v.viewedAt) });
export const siteCommentView = (c: SiteComment) => ({ id: c.id, content: c.content, created_at: iso(c.createdAt) });
