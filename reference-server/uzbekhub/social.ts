// 004 §Posts API, §Stories API and §Notifications API: posts with likes, comments and views; stories with their audience, archive, reactions and views; site comments.
// Posts are every user's (D-uzbekhub-42); a like or a view is once per user and post, a reaction once per
// user and story (D-uzbekhub-43, 46); a story is seen by its audience only, public, the owner's contacts or
// those marked (D-uzbekhub-44), and archived after 24 hours or when the archiveStory hook ages it
// (D-uzbekhub-45). Every change goes through `applies` and every owner rule through `requireOwner` (owned.ts).
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { BLANK, REQUIRED } from '../django.ts';
import { ServerError } from '../errors.ts';
import { readJsonBody, type RequestContext, type RouteDecl } from '../http.ts';
import type { ServerContext } from '../dialect.ts';
import { safeFileName } from '../media.ts';
import { read, valid } from '../seams.ts';
import { UUID, caller } from './auth.ts';
import { applies, requireOwner } from './owned.ts';
import { idList, readSocialBody, text, type Part, type SocialForm } from './social-form.ts';
import type { Audience } from './social-spec.ts';
import {
  STORY_LIFETIME_MS, SocialState, commentView, markView, postView, reactionView, siteCommentView, storyView, storyViewView,
  type Post, type PostMark, type Story,
} from './social-state.ts';
import { userById, type UzState, type UzUser } from './state.ts';
import { FORBIDDEN } from './wire.ts';

/** Who is in a user's contacts (§Accounts API 29-34: the accounts part keeps them in UzState). */
const contactsOf = (state: UzState, userId: number): readonly number[] => state.contactsOf(userId);

/** The archiveStory hook (D-uzbekhub-45): a dev-only route, never part of 004, that ends a story's 24 hours. */
export const ARCHIVE_HOOK_PATH = '/_chatconform/stories/{story}/archive/';
export const ARCHIVE_HOOK = { http: { method: 'POST' as const, path: ARCHIVE_HOOK_PATH } };

const AUDIENCES: readonly Audience[] = ['public', 'contact', 'marked'];
const MAX_REACTION = 32;

const bad = (field: string, message: string) => ServerError.validation({ [field]: [message] });
const notFound = () => new ServerError('NOT_FOUND');
const forbidden = () => new ServerError('FORBIDDEN_ROOM', { message: FORBIDDEN });

/** A JSON body as an object (400 otherwise). */
async function jsonObject(rc: RequestContext): Promise<Record<string, unknown>> {
  const body = await readJsonBody(rc.req);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('non_field_errors', 'Invalid data. Expected a dictionary.');
  return body as Record<string, unknown>;
}

/** A required non-blank text field (DRF's CharField). */
function requiredText(value: unknown, field: string): string {
  if (value === undefined || value === null) throw bad(field, REQUIRED);
  if (typeof value !== 'string' && typeof value !== 'number') throw bad(field, 'Not a valid string.');
  if (String(value).trim() === '') throw bad(field, BLANK);
  return String(value);
}

/** A positive integer id of a body (numbers or digit strings). */
function intId(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export function socialRoutes(sc: ServerContext, chat: UzState): RouteDecl[] {
  const rules = sc.variants.rules;
  const state = new SocialState(chat);

  // ---- posts ----------------------------------------------------------------------------------------

  const counts = (p: Post) => read(sc, 'uz.post.counts', {
    likes: state.marksOf(state.likes, p.id).length,
    comments: state.commentsOf(p.id).length,
    views: state.marksOf(state.views, p.id).length,
  }, { post: p });
  const postOut = (p: Post, rc: RequestContext) => postView(p, counts(p), rc.origin);

  /** The post of a path id (404 for a malformed or unknown id). */
  function postOf(id: string | undefined): Post {
    const post = id && UUID.test(id) ? state.posts.get(id.toLowerCase()) : undefined;
    if (!post) throw notFound();
    return post;
  }

  /** The post a body's `post` names: a like, comment or view of an unknown post is 400 (D-uzbekhub-43). */
  function postField(value: unknown): Post {
    if (value === undefined || value === null || value === '') throw bad('post', REQUIRED);
    const post = typeof value === 'string' && UUID.test(value) ? state.posts.get(value.toLowerCase()) : undefined;
    if (!post) throw bad('post', `Invalid pk "${String(value)}" - object does not exist.`);
    return post;
  }

  async function saveImages(postId: string, parts: readonly Part[]) {
    const out = [];
    for (const part of parts) {
      if (part.data.length === 0) throw bad('images', 'The submitted file is empty.');
      const id = randomUUID();
      const path = `posts/images/${postId}/${id}_${safeFileName(part.name)}`;
      await sc.media.save(path, Readable.from([part.data]), () => false);
      out.push({ id, path, createdAt: state.now() });
    }
    return out;
  }

  const images = (form: SocialForm) => read(sc, 'uz.post.images', form.files.images ?? []);

  /** A like or a view of a post: once per user (D-uzbekhub-43); a second is 400, or the existing one under a variant. */
  async function markPost(rc: RequestContext, op: string, map: Map<string, PostMark>, rule: 'uz-like-once' | 'uz-post-view-once', schema: string, already: string) {
    const user = await caller(sc, rc);
    const post = postField((await jsonObject(rc)).post);
    const existing = state.marksOf(map, post.id).find((m) => m.ownerId === user.id);
    if (!valid(sc, rule, existing === undefined)) {
      if (rules.uzRepeatAnswersExisting && existing) return { status: 200, body: markView(existing), schema };
      throw bad('non_field_errors', already);
    }
    const mark: PostMark = { id: randomUUID(), ownerId: user.id, postId: post.id, createdAt: state.now() };
    if (applies(sc, op)) map.set(mark.id, mark);
    return { status: 201, body: markView(mark), schema };
  }

  /** A like, comment or view of a path id; owner only for its changes. */
  function recordOf<T>(map: Map<string, T>, id: string | undefined): T {
    const r = id && UUID.test(id) ? map.get(id.toLowerCase()) : undefined;
    if (!r) throw notFound();
    return r;
  }

  const postRoutes: RouteDecl[] = [
    {
      op: 'posts.list',
      async handler(rc) {
        const user = await caller(sc, rc);
        const all = [...state.posts.values()].filter((p) => read(sc, 'uz.post.listed', true, { post: p, user })).sort((a, b) => b.createdAt - a.createdAt);
        return { status: 200, body: all.map((p) => postOut(p, rc)), schema: 'uzbekhub/post-list-response' };
      },
    },
    {
      op: 'posts.create',
      async handler(rc) {
        const user = await caller(sc, rc);
        const form = await readSocialBody(rc);
        const content = requiredText(text(form, 'content'), 'content');
        const id = randomUUID();
        const post: Post = { id, ownerId: user.id, content, images: [], edited: false, createdAt: state.now(), updatedAt: null };
        if (applies(sc, 'posts.create')) {
          post.images = await saveImages(id, images(form));
          state.posts.set(id, post);
        }
        return { status: 201, body: postOut(post, rc), schema: 'uzbekhub/post' };
      },
    },
    {
      op: 'posts.get',
      async handler(rc) {
        await caller(sc, rc);
        return { status: 200, body: postOut(postOf(rc.params.id), rc), schema: 'uzbekhub/post' };
      },
    },
    {
      op: 'posts.update',
      async handler(rc) {
        const user = await caller(sc, rc);
        const post = postOf(rc.params.id);
        await requireOwner(sc, 'posts.update', post.ownerId, user);
        const form = await readSocialBody(rc);
        const content = form.fields.content === undefined ? undefined : requiredText(text(form, 'content'), 'content');
        if (applies(sc, 'posts.update')) {
          if (content !== undefined) post.content = content;
          // New image parts join the post's (004 §Posts API 4 sends "images": ["<new_file>"]).
          post.images.push(...(await saveImages(post.id, images(form))));
          // §Posts API 4 note: "Yangilangandan keyin is_edited = true bo'ladi" (after an update is_edited is true).
          post.edited = read(sc, 'uz.edited', true, { op: 'posts.update' }) || post.edited;
          post.updatedAt = state.now();
        }
        return { status: 200, body: postOut(post, rc), schema: 'uzbekhub/post' };
      },
    },
    {
      op: 'posts.delete',
      async handler(rc) {
        const user = await caller(sc, rc);
        const post = postOf(rc.params.id);
        await requireOwner(sc, 'posts.delete', post.ownerId, user);
        if (applies(sc, 'posts.delete')) {
          state.deletePost(post.id);
          for (const i of post.images) await sc.media.remove(i.path);
        }
        return { status: 204 };
      },
    },
    {
      op: 'likes.create',
      handler: (rc) => markPost(rc, 'likes.create', state.likes, 'uz-like-once', 'uzbekhub/like', 'You have already liked this post.'),
    },
    {
      op: 'likes.delete',
      async handler(rc) {
        const user = await caller(sc, rc);
        const like = recordOf(state.likes, rc.params.id);
        await requireOwner(sc, 'likes.delete', like.ownerId, user);
        if (applies(sc, 'likes.delete')) state.likes.delete(like.id);
        return { status: 204 };
      },
    },
    {
      op: 'likes.list',
      async handler(rc) {
        await caller(sc, rc);
        const post = postOf(rc.params.id);
        return { status: 200, body: state.marksOf(state.likes, post.id).map(markView), schema: 'uzbekhub/like-list-response' };
      },
    },
    {
      op: 'comments.create',
      async handler(rc) {
        const user = await caller(sc, rc);
        const body = await jsonObject(rc);
        const post = postField(body.post);
        const comment = requiredText(body.comment, 'comment');
        // §Posts API 9 note: `reply_to` answers another comment (its UUID); one of the same post (D-uzbekhub-43).
        let replyTo: string | null = null;
        if (body.reply_to !== undefined && body.reply_to !== null && body.reply_to !== '') {
          const to = typeof body.reply_to === 'string' && UUID.test(body.reply_to) ? state.comments.get(body.reply_to.toLowerCase()) : undefined;
          if (!to || to.postId !== post.id) throw bad('reply_to', 'The comment replied to must be a comment of the same post.');
          replyTo = to.id;
        }
        const record = { id: randomUUID(), ownerId: user.id, postId: post.id, comment, replyTo: read(sc, 'uz.comment.reply-to', replyTo), edited: false, createdAt: state.now(), updatedAt: null };
        if (applies(sc, 'comments.create')) state.comments.set(record.id, record);
        return { status: 201, body: commentView(record), schema: 'uzbekhub/comment' };
      },
    },
    {
      op: 'comments.update',
      async handler(rc) {
        const user = await caller(sc, rc);
        const record = recordOf(state.comments, rc.params.id);
        await requireOwner(sc, 'comments.update', record.ownerId, user);
        const comment = requiredText((await jsonObject(rc)).comment, 'comment');
        if (applies(sc, 'comments.update')) {
          record.comment = comment;
          // §Posts API 10 note: "Yangilangandan keyin is_edited = true bo'ladi".
          record.edited = read(sc, 'uz.edited', true, { op: 'comments.update' }) || record.edited;
          record.updatedAt = state.now();
        }
        return { status: 200, body: commentView(record), schema: 'uzbekhub/comment' };
      },
    },
    {
      op: 'comments.delete',
      async handler(rc) {
        const user = await caller(sc, rc);
        const record = recordOf(state.comments, rc.params.id);
        await requireOwner(sc, 'comments.delete', record.ownerId, user);
        if (applies(sc, 'comments.delete')) {
          state.comments.delete(record.id);
          // Replies stay, answering nothing (Django's on_delete=SET_NULL).
          for (const c of state.comments.values()) if (c.replyTo === record.id) c.replyTo = null;
        }
        return { status: 204 };
      },
    },
    {
      op: 'comments.list',
      async handler(rc) {
        await caller(sc, rc);
        const post = postOf(rc.params.id);
        return { status: 200, body: state.commentsOf(post.id).map(commentView), schema: 'uzbekhub/comment-list-response' };
      },
    },
    {
      op: 'postViews.create',
      handler: (rc) => markPost(rc, 'postViews.create', state.views, 'uz-post-view-once', 'uzbekhub/post-view', 'You have already viewed this post.'),
    },
    {
      op: 'postViews.list',
      async handler(rc) {
        await caller(sc, rc);
        const post = postOf(rc.params.id);
        return { status: 200, body: state.marksOf(state.views, post.id).map(markView), schema: 'uzbekhub/post-view-list-response' };
      },
    },
  ];

  // ---- stories --------------------------------------------------------------------------------------

  const archived = (s: Story) => read(sc, 'uz.story.archived', s.archived || Date.now() - s.createdAt >= STORY_LIFETIME_MS, { story: s });

  /** Whether `user` is in the story's audience (D-uzbekhub-44); the owner always is. */
  function sees(s: Story, user: UzUser, op?: string): boolean {
    const inAudience = s.ownerId === user.id
      || s.audience === 'public'
      || (s.audience === 'marked' && s.marked.includes(user.id))
      || (s.audience === 'contact' && contactsOf(chat, s.ownerId).includes(user.id));
    return read(sc, 'uz.story.sees', inAudience, { story: s, user, op });
  }

  const storyOut = (s: Story, rc: RequestContext) => storyView(s, !archived(s), rc.origin);
  const newestFirst = (a: Story, b: Story) => b.createdAt - a.createdAt || b.id - a.id;

  function storyById(raw: unknown): Story | undefined {
    const id = intId(raw);
    return id === undefined ? undefined : state.stories.get(id);
  }

  /** An active story of a path id the caller may see: 404 otherwise (403 when hidden, under a variant). */
  function activeStory(raw: string | undefined, user: UzUser): Story {
    const s = storyById(raw);
    if (!s || archived(s)) throw notFound();
    if (!sees(s, user)) throw rules.uzStoryHidden403 ? forbidden() : notFound();
    return s;
  }

  /** An archived story of a path id (404 otherwise); §Stories API 8 and 9 are owner only. */
  async function archivedStory(rc: RequestContext, op: string): Promise<Story> {
    const user = await caller(sc, rc);
    const s = storyById(rc.params.id);
    if (!s || !archived(s)) throw notFound();
    await requireOwner(sc, op, s.ownerId, user);
    return s;
  }

  /** A story a body names, for a reaction or a view: an active one in the caller's audience (404 otherwise, D-uzbekhub-46). */
  function storyField(value: unknown, user: UzUser, op: string): Story {
    if (value === undefined || value === null || value === '') throw bad('story', REQUIRED);
    const s = storyById(value);
    if (!s) throw bad('story', `Invalid pk "${String(value)}" - object does not exist.`);
    if (archived(s) || !sees(s, user, op)) throw notFound();
    return s;
  }

  function audienceOf(form: SocialForm, dflt: Audience): Audience {
    const raw = text(form, 'audience');
    if (raw === undefined || raw === '') return dflt;
    if (!AUDIENCES.includes(raw as Audience)) throw bad('audience', `"${raw}" is not a valid choice.`);
    return raw as Audience;
  }

  function markedOf(form: SocialForm): number[] | undefined {
    const ids = idList(form, 'marked');
    const unknown = ids?.find((id) => !userById(id));
    if (unknown !== undefined) throw bad('marked', `Invalid pk "${unknown}" - object does not exist.`);
    return ids;
  }

  const storyRoutes: RouteDecl[] = [
    {
      op: 'stories.list',
      async handler(rc) {
        const user = await caller(sc, rc);
        const mine = [...state.stories.values()].filter((s) => s.ownerId === user.id && !archived(s)).sort(newestFirst);
        return { status: 200, body: mine.map((s) => storyOut(s, rc)), schema: 'uzbekhub/story-list-response' };
      },
    },
    {
      op: 'stories.create',
      async handler(rc) {
        const user = await caller(sc, rc);
        const form = await readSocialBody(rc);
        // D-uzbekhub-44: `media` is a required file part; `audience` defaults to public.
        const media = form.files.media?.[0];
        if (!media) throw bad('media', 'No file was submitted.');
        if (media.data.length === 0) throw bad('media', 'The submitted file is empty.');
        const audience = audienceOf(form, 'public');
        const marked = markedOf(form) ?? [];
        const at = state.now();
        const id = state.next('story');
        const story: Story = { id, ownerId: user.id, path: `stories/${id}_${safeFileName(media.name)}`, caption: read(sc, 'uz.story.caption', text(form, 'caption') ?? ''), marked, audience, archived: false, createdAt: at, updatedAt: at };
        if (applies(sc, 'stories.create')) {
          await sc.media.save(story.path, Readable.from([media.data]), () => false);
          state.stories.set(id, story);
        }
        return { status: 201, body: storyOut(story, rc), schema: 'uzbekhub/story' };
      },
    },
    {
      op: 'stories.get',
      async handler(rc) {
        const user = await caller(sc, rc);
        return { status: 200, body: storyOut(activeStory(rc.params.id, user), rc), schema: 'uzbekhub/story' };
      },
    },
    {
      op: 'stories.update',
      async handler(rc) {
        const user = await caller(sc, rc);
        const s = storyById(rc.params.id);
        if (!s || archived(s)) throw notFound();
        await requireOwner(sc, 'stories.update', s.ownerId, user);
        const form = await readSocialBody(rc);
        const audience = audienceOf(form, s.audience);
        const marked = markedOf(form);
        const caption = text(form, 'caption');
        if (applies(sc, 'stories.update')) {
          if (caption !== undefined) s.caption = caption;
          s.audience = audience;
          if (marked !== undefined) s.marked = marked;
          s.updatedAt = state.now();
        }
        return { status: 200, body: storyOut(s, rc), schema: 'uzbekhub/story' };
      },
    },
    {
      op: 'stories.delete',
      async handler(rc) {
        const user = await caller(sc, rc);
        const s = storyById(rc.params.id);
        if (!s || archived(s)) throw notFound();
        await requireOwner(sc, 'stories.delete', s.ownerId, user);
        if (applies(sc, 'stories.delete')) {
          state.deleteStory(s.id);
          await sc.media.remove(s.path);
        }
        return { status: 204 };
      },
    },
    {
      op: 'stories.ofUser',
      async handler(rc) {
        const user = await caller(sc, rc);
        const ownerId = intId(rc.params.id);
        if (ownerId === undefined || !userById(ownerId)) throw notFound();
        // §Stories API 6 note: "Faqat audience qoidalariga mos keladigan hikoyalar qaytariladi".
        const theirs = [...state.stories.values()].filter((s) => s.ownerId === ownerId && !archived(s) && sees(s, user)).sort(newestFirst);
        return { status: 200, body: theirs.map((s) => storyOut(s, rc)), schema: 'uzbekhub/story-list-response' };
      },
    },
    {
      op: 'archive.list',
      async handler(rc) {
        const user = await caller(sc, rc);
        const mine = [...state.stories.values()].filter((s) => s.ownerId === user.id && archived(s)).sort(newestFirst);
        return { status: 200, body: mine.map((s) => storyOut(s, rc)), schema: 'uzbekhub/story-list-response' };
      },
    },
    {
      op: 'archive.get',
      async handler(rc) {
        return { status: 200, body: storyOut(await archivedStory(rc, 'archive.get'), rc), schema: 'uzbekhub/story' };
      },
    },
    {
      op: 'archive.delete',
      async handler(rc) {
        const s = await archivedStory(rc, 'archive.delete');
        if (applies(sc, 'archive.delete')) {
          state.deleteStory(s.id);
          await sc.media.remove(s.path);
        }
        return { status: 204 };
      },
    },
    {
      op: 'reactions.create',
      async handler(rc) {
        const user = await caller(sc, rc);
        const body = await jsonObject(rc);
        const reaction = reactionText(body.reaction);
        const s = storyField(body.story, user, 'reactions.create');
        // §Stories API 10: "Bir hikoyaga bir marta reaktsiya qoldirish mumkin" (one reaction per story).
        const existing = [...state.reactions.values()].find((r) => r.storyId === s.id && r.userId === user.id);
        if (!valid(sc, 'uz-reaction-once', existing === undefined)) throw bad('non_field_errors', 'You have already reacted to this story.');
        const record = { id: state.next('reaction'), storyId: s.id, userId: user.id, reaction, reactedAt: state.now() };
        if (applies(sc, 'reactions.create')) state.reactions.set(record.id, record);
        return { status: 201, body: reactionView(record), schema: 'uzbekhub/reaction' };
      },
    },
    {
      op: 'reactions.update',
      async handler(rc) {
        const user = await caller(sc, rc);
        const r = state.reactions.get(intId(rc.params.id) ?? 0);
        if (!r) throw notFound();
        await requireOwner(sc, 'reactions.update', r.userId, user);
        const reaction = reactionText((await jsonObject(rc)).reaction);
        if (applies(sc, 'reactions.update')) r.reaction = reaction;
        return { status: 200, body: reactionView(r), schema: 'uzbekhub/reaction' };
      },
    },
    {
      op: 'reactions.delete',
      async handler(rc) {
        const user = await caller(sc, rc);
        const r = state.reactions.get(intId(rc.params.id) ?? 0);
        if (!r) throw notFound();
        await requireOwner(sc, 'reactions.delete', r.userId, user);
        if (applies(sc, 'reactions.delete')) state.reactions.delete(r.id);
        return { status: 204 };
      },
    },
    {
      op: 'storyViews.create',
      async handler(rc) {
        const user = await caller(sc, rc);
        const body = await jsonObject(rc);
        // D-uzbekhub-20: `viewer` is required as §Stories API 13 shows it, and must be the caller.
        if (body.viewer === undefined || body.viewer === null || body.viewer === '') throw bad('viewer', REQUIRED);
        const named = intId(body.viewer);
        if (named === undefined || !userById(named)) throw bad('viewer', `Invalid pk "${String(body.viewer)}" - object does not exist.`);
        let viewer = named;
        if (!valid(sc, 'uz-viewer-is-caller', named === user.id)) {
          if (!rules.uzViewerFromCaller) throw bad('viewer', 'The viewer must be the authenticated user.');
          viewer = user.id;
        }
        const s = storyField(body.story, user, 'storyViews.create');
        const existing = [...state.storyViews.values()].find((v) => v.storyId === s.id && v.viewerId === viewer);
        if (existing) {
          if (rules.uzRepeatAnswersExisting) return { status: 200, body: storyViewView(existing), schema: 'uzbekhub/story-view' };
          throw bad('non_field_errors', 'You have already viewed this story.');
        }
        const record = { id: state.next('storyView'), storyId: s.id, viewerId: viewer, viewedAt: state.now() };
        if (applies(sc, 'storyViews.create')) state.storyViews.set(record.id, record);
        return { status: 201, body: storyViewView(record), schema: 'uzbekhub/story-view' };
      },
    },
    {
      method: 'POST',
      pattern: /^\/_chatconform\/stories\/(?<id>[^/]+)\/archive\/?$/,
      undocumented: 'the archiveStory hook of the target file: a story\'s 24 hours end now (D-uzbekhub-45)',
      async handler(rc: RequestContext) {
        const s = storyById(rc.params.id);
        if (!s) throw notFound();
        s.archived = true;
        return { status: 200, body: { id: s.id, is_active: false } };
      },
    },
  ];

  // ---- site comments (§Notifications API 1-2, AllowAny) ------------------------------------------------

  const siteRoutes: RouteDecl[] = [
    {
      op: 'siteComments.list',
      async handler() {
        const all = [...state.siteComments].sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
        return { status: 200, body: all.map(siteCommentView), schema: 'uzbekhub/site-comment-list-response' };
      },
    },
    {
      op: 'siteComments.create',
      async handler(rc) {
        const body = await jsonObject(rc);
        const raw = body.content;
        // D-uzbekhub-47: `content` is required.
        if (!valid(sc, 'uz-site-comment-content', typeof raw === 'string' && raw.trim() !== '')) throw bad('content', raw === undefined || raw === null ? REQUIRED : BLANK);
        const record = { id: state.next('siteComment'), content: typeof raw === 'string' ? raw : String(raw ?? ''), createdAt: state.now() };
        if (applies(sc, 'siteComments.create')) state.siteComments.push(record);
        return { status: 201, body: siteCommentView(record), schema: 'uzbekhub/site-comment' };
      },
    },
  ];

  return [...postRoutes, ...storyRoutes, ...siteRoutes];
}

/** A reaction: any short text, an emoji (D-uzbekhub-46). */
function reactionText(value: unknown): string {
  const r = requiredText(value, 'reaction');
  if ([...r].length > MAX_REACTION) throw bad('reaction', `Ensure this field has no more than ${MAX_REACTION} characters.`);
  return r;
}
