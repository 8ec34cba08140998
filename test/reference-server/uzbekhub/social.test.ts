// Document 004's posts, stories and site comments on the reference server, where the checks do not look:
// JSON bodies beside multipart, a like or a comment of an unknown post, a reply across posts, the owner
// rules' 403, a story without media, the contact audience read from the accounts' contacts,
// the archive hook, and the site comments' path with a trailing slash (D-uzbekhub-05).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { api, start, type Harness } from '../probe.ts';

let h: Harness;
const tokens: Record<string, string> = {};
const ids: Record<string, number> = {};

beforeAll(async () => {
  h = await start({ profile: 'uzbekhub' });
  for (const role of ['owner', 'admin', 'member', 'outsider']) {
    const res = await api(h.server, 'POST', '/api/accounts/auth/signin/', { body: h.server.target.users[role]!.credentials });
    tokens[role] = res.json.token.access;
    ids[role] = Number(h.server.target.users[role]!.id);
  }
  // The admin in the outsider's contacts (§Accounts API 30): a `contact` story's audience.
  const added = await api(h.server, 'POST', '/api/accounts/account/contact/', { headers: { authorization: `Bearer ${tokens.outsider}` }, body: { contact: ids.admin, nikname: 'Colleague' } });
  expect(added.status).toBe(201);
});
afterAll(async () => {
  await h.server.close();
});

const call = (role: string, method: string, path: string, body?: unknown, schema?: string) =>
  api(h.server, method, path, { headers: { authorization: `Bearer ${tokens[role]}` }, ...(body !== undefined ? { body } : {}), ...(schema ? { schema } : {}) });

async function multipart(role: string, method: string, path: string, form: FormData) {
  const res = await fetch(`${h.server.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${tokens[role]}` }, body: form });
  return { status: res.status, json: (await res.json()) as any };
}

const image = (name = 'a.png') => new File([Buffer.from(`img-${name}-${Math.random()}`)], name, { type: 'image/png' });

async function story(role: string, fields: Record<string, string | string[]>) {
  const form = new FormData();
  form.append('media', image('story.png'));
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) form.append(k, x);
  const res = await multipart(role, 'POST', '/api/stories/active/', form);
  expect(res.status).toBe(201);
  return res.json;
}

describe('posts (004 §Posts API)', () => {
  it('a post may be created from JSON too; its images are served under /media/', async () => {
    const json = await call('member', 'POST', '/api/posts/post/', { content: 'plain json' }, 'uzbekhub/post');
    expect(json).toMatchObject({ status: 201, json: { content: 'plain json', images: [], like_count: 0, is_edited: false, updated_at: null } });
    const form = new FormData();
    form.append('content', 'with an image');
    form.append('images', image());
    const made = await multipart('member', 'POST', '/api/posts/post/', form);
    expect(made.json.images).toHaveLength(1);
    const img = await request(made.json.images[0].image);
    expect(img.statusCode).toBe(200);
    await img.body.dump();
  });

  it('a like, comment or view of an unknown post is 400; a reply to a comment of another post is 400; a post without content is 400', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const path of ['/api/posts/like/', '/api/posts/views/']) expect((await call('admin', 'POST', path, { post: unknown })).status).toBe(400);
    expect((await call('admin', 'POST', '/api/posts/comment/', { post: unknown, comment: 'x' })).status).toBe(400);
    const a = (await call('member', 'POST', '/api/posts/post/', { content: 'a' })).json.id;
    const b = (await call('member', 'POST', '/api/posts/post/', { content: 'b' })).json.id;
    const onA = (await call('admin', 'POST', '/api/posts/comment/', { post: a, comment: 'on a' })).json.id;
    expect((await call('admin', 'POST', '/api/posts/comment/', { post: b, comment: 'reply', reply_to: onA })).status).toBe(400);
    expect((await call('member', 'POST', '/api/posts/post/', {})).json).toEqual({ error: 'Invalid request data', details: { content: ['This field is required.'] } });
  });

  it('someone else\'s post, like and comment are refused with 403 {"detail"}; deleting a post takes its likes', async () => {
    const post = (await call('member', 'POST', '/api/posts/post/', { content: 'mine' })).json.id;
    const like = (await call('admin', 'POST', '/api/posts/like/', { post })).json.id;
    const comment = (await call('admin', 'POST', '/api/posts/comment/', { post, comment: 'hi' })).json.id;
    for (const [method, path] of [['PATCH', `/api/posts/post/${post}/`], ['DELETE', `/api/posts/post/${post}/`]]) expect((await call('outsider', method!, path!, { content: 'x' })).status).toBe(403);
    expect((await call('member', 'DELETE', `/api/posts/like/${like}/`)).json).toEqual({ detail: 'You do not have permission to perform this action.' });
    expect((await call('member', 'PATCH', `/api/posts/comment/${comment}/`, { comment: 'x' })).status).toBe(403);
    expect((await call('admin', 'DELETE', `/api/posts/like/${like}/`)).status).toBe(204);
    expect((await call('member', 'GET', `/api/posts/${post}/likes/`)).json).toEqual([]);
    expect((await call('member', 'DELETE', `/api/posts/post/${post}/`)).status).toBe(204);
    expect((await call('member', 'GET', `/api/posts/${post}/comments/`)).status).toBe(404);
  });
});

describe('stories (004 §Stories API)', () => {
  it('media is required; audience is one of three; marked names existing users; the marked list may be one field "[2, 3]"', async () => {
    const none = new FormData();
    none.append('caption', 'no media');
    expect((await multipart('member', 'POST', '/api/stories/active/', none)).json).toEqual({ error: 'Invalid request data', details: { media: ['No file was submitted.'] } });
    const wrong = new FormData();
    wrong.append('media', image());
    wrong.append('audience', 'friends');
    expect((await multipart('member', 'POST', '/api/stories/active/', wrong)).status).toBe(400);
    const s = await story('member', { audience: 'marked', marked: `[${ids.admin}, ${ids.owner}]` });
    expect(s).toMatchObject({ audience: 'marked', marked: [ids.admin, ids.owner], is_active: true });
    const ghost = new FormData();
    ghost.append('media', image());
    ghost.append('marked', '999');
    expect((await multipart('member', 'POST', '/api/stories/active/', ghost)).status).toBe(400);
  });

  it('a contact story is seen by the owner\'s contacts , and nobody else; reacting or viewing outside the audience is 404', async () => {
    const s = await story('outsider', { audience: 'contact' });
    expect((await call('admin', 'GET', `/api/stories/active/${s.id}/`, undefined, 'uzbekhub/story')).status).toBe(200);
    expect((await call('member', 'GET', `/api/stories/active/${s.id}/`)).status).toBe(404);
    expect((await call('member', 'GET', `/api/stories/active/${ids.outsider}/stories/`)).json).toEqual([]);
    expect((await call('member', 'POST', '/api/stories/reaction/', { story: s.id, reaction: '🔥' })).status).toBe(404);
    expect((await call('member', 'POST', '/api/stories/viewed/', { story: s.id, viewer: ids.member })).status).toBe(404);
    expect((await call('owner', 'GET', '/api/stories/active/9999/stories/')).status).toBe(404);
  });

  it('reactions: owner-only update and delete; a second view is 400; the archive hook ages a story, unknown ones 404', async () => {
    const s = await story('member', { audience: 'public' });
    const r = (await call('admin', 'POST', '/api/stories/reaction/', { story: s.id, reaction: '❤️' }, 'uzbekhub/reaction')).json;
    expect((await call('outsider', 'PATCH', `/api/stories/reaction/${r.id}/`, { reaction: '👍' })).status).toBe(403);
    expect((await call('admin', 'PATCH', `/api/stories/reaction/${r.id}/`, { reaction: '👍' }, 'uzbekhub/reaction')).json.reaction).toBe('👍');
    expect((await call('outsider', 'DELETE', `/api/stories/reaction/${r.id}/`)).status).toBe(403);
    expect((await call('admin', 'DELETE', `/api/stories/reaction/${r.id}/`)).status).toBe(204);
    expect((await call('admin', 'POST', '/api/stories/viewed/', { story: s.id, viewer: ids.admin })).status).toBe(201);
    expect((await call('admin', 'POST', '/api/stories/viewed/', { story: s.id, viewer: ids.admin })).status).toBe(400);
    expect((await call('admin', 'POST', '/api/stories/viewed/', { story: s.id })).status).toBe(400);
    expect((await api(h.server, 'POST', '/_chatconform/stories/99999/archive/')).status).toBe(404);
    expect((await api(h.server, 'POST', `/_chatconform/stories/${s.id}/archive/`)).json).toEqual({ id: s.id, is_active: false });
    expect((await call('member', 'GET', `/api/stories/active/${s.id}/`)).status).toBe(404);
    expect((await call('member', 'GET', `/api/stories/archive/${s.id}/`, undefined, 'uzbekhub/story')).json.is_active).toBe(false);
    expect(h.server.target.hooks?.archiveStory).toEqual({ http: { method: 'POST', path: '/_chatconform/stories/{story}/archive/' } });
  });
});

describe('site comments (004 §Notifications API, D-uzbekhub-05)', () => {
  it('answer without a token at /api/comments/comment and with a trailing slash, newest first', async () => {
    const a = await api(h.server, 'POST', '/api/comments/comment', { body: { content: 'first' }, schema: 'uzbekhub/site-comment' });
    const b = await api(h.server, 'POST', '/api/comments/comment/', { body: { content: 'second' }, schema: 'uzbekhub/site-comment' });
    expect([a.status, b.status]).toEqual([201, 201]);
    const list = await api(h.server, 'GET', '/api/comments/comment/', { schema: 'uzbekhub/site-comment-list-response' });
    expect(list.json.slice(0, 2).map((c: { id: number }) => c.id)).toEqual([b.json.id, a.json.id]);
  });
});
