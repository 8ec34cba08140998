// What the posts and stories checks share: a tiny image, a post or a story of a check's own (created as
// 004 §Posts API 2 and §Stories API 2 show, multipart with file parts), and reading one record of a list.
import type { Json } from '../../core/json.ts';
import { FormData, type HttpResponse } from '../../client/http.ts';
import { CheckBlocked } from '../../harness/check.ts';
import { curlLine, uniqueText } from '../support.ts';
import { readList } from './lists.ts';
import { body, type Ctx, type Role } from './support.ts';

/** A 1×1 PNG; `salt` bytes after its end make each image's bytes (and hash) its own. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
export const png = (salt: string): Blob => new Blob([PNG, Buffer.from(salt)], { type: 'image/png' });

/** The multipart body of §Posts API 2: `content` and `images` parts (as many as asked). */
export function postForm(content: string, images = 0): FormData {
  const form = new FormData();
  form.append('content', content);
  for (let i = 0; i < images; i++) form.append('images', png(`${content}-${i}`), `image${i + 1}.png`);
  return form;
}

export function createPost(ctx: Ctx, role: Role, content: string, images = 0): Promise<HttpResponse> {
  ctx.addReproduction(curlLine('POST', '/api/posts/post/', role, { form: { content, ...(images ? { images: '@image1.png' } : {}) } }));
  return ctx.rest('posts.create', { role, form: postForm(content, images) });
}

/** A post of `role`'s own, or the check is blocked by posts-01. */
export async function ownPost(ctx: Ctx, role: Role, content = uniqueText('post')): Promise<Json> {
  const res = await createPost(ctx, role, content);
  const post = body(res);
  if ((res.status !== 201 && res.status !== 200) || typeof post.id !== 'string') {
    throw new CheckBlocked({ kind: 'check', id: 'uzbekhub-posts-01', reason: `POST /api/posts/post/ as the ${role} answered ${res.status}${typeof post.id === 'string' ? '' : ' without a post id'}` });
  }
  return post;
}

export interface StoryFields {
  caption?: string;
  audience?: 'public' | 'contact' | 'marked';
  marked?: number[];
}

/** The multipart body of §Stories API 2: a `media` file part, `caption`, `audience`, `marked` (each id a part of its own). */
export function storyForm(f: StoryFields): FormData {
  const form = new FormData();
  form.append('media', png(f.caption ?? uniqueText('story')), 'story.png');
  if (f.caption !== undefined) form.append('caption', f.caption);
  if (f.audience !== undefined) form.append('audience', f.audience);
  for (const id of f.marked ?? []) form.append('marked', String(id));
  return form;
}

export function createStory(ctx: Ctx, role: Role, f: StoryFields): Promise<HttpResponse> {
  const fields: Record<string, string> = { media: '@story.png' };
  if (f.caption !== undefined) fields.caption = f.caption;
  if (f.audience !== undefined) fields.audience = f.audience;
  if (f.marked?.length) fields.marked = f.marked.join(',');
  ctx.addReproduction(curlLine('POST', '/api/stories/active/', role, { form: fields }));
  return ctx.rest('stories.create', { role, form: storyForm(f) });
}

/** A story of `role`'s own, or the check is blocked by stories-01. */
export async function ownStory(ctx: Ctx, role: Role, f: StoryFields = {}): Promise<Json> {
  const res = await createStory(ctx, role, { caption: uniqueText('story'), audience: 'public', ...f });
  const story = body(res);
  if ((res.status !== 201 && res.status !== 200) || typeof story.id !== 'number') {
    throw new CheckBlocked({ kind: 'check', id: 'uzbekhub-stories-01', reason: `POST /api/stories/active/ as the ${role} answered ${res.status}${typeof story.id === 'number' ? '' : ' without a story id'}` });
  }
  return story;
}

/** The items of list `op` as `role` reads it (plain array or §Pagination envelope, D-uzbekhub-48), and its status. */
export async function listed(ctx: Ctx, op: string, role: Role, params?: Record<string, string | number>): Promise<{ res: HttpResponse; status: number; items: Json[] | undefined }> {
  const { res, items } = await readList(ctx, op, { role, ...(params ? { params } : {}) });
  return { res, status: res.status, items };
}

export const ids = (items: Json[] | undefined): string => (items ? `[${items.map((i) => String(i.id)).join(', ')}]` : 'no list');
