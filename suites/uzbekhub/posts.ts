// 004 §Posts API 1-14, what the generated families do not say: a post made of `content` and `images`
// file parts; every user's post in the list; `is_edited` after an update, of a post and of a comment; a
// like and a view once per user and post; `reply_to`; and the counts of a post (D-uzbekhub-42).
import type { Json } from '../../core/json.ts';
import type { Check } from '../../harness/check.ts';
import { expectJsonBody, expectStatus, expectTrue, short } from '../../harness/verify.ts';
import { curlLine, uniqueText } from '../support.ts';
import { updatedAt } from './lists.ts';
import { createPost, ids, listed, ownPost, postForm } from './social-support.ts';
import { body, idOf, type Ctx, type Role, type UzState } from './support.ts';

const ownerId = (record: Json): unknown => (record.owner as Json | undefined)?.id;

async function like(ctx: Ctx, role: Role, post: string) {
  ctx.addReproduction(curlLine('POST', '/api/posts/like/', role, { json: { post } }));
  return ctx.rest('likes.create', { role, json: { post } });
}

async function view(ctx: Ctx, role: Role, post: string) {
  ctx.addReproduction(curlLine('POST', '/api/posts/views/', role, { json: { post } }));
  return ctx.rest('postViews.create', { role, json: { post } });
}

async function comment(ctx: Ctx, role: Role, post: string, text: string, replyTo: string | null = null) {
  const json = { post, comment: text, reply_to: replyTo };
  ctx.addReproduction(curlLine('POST', '/api/posts/comment/', role, { json }));
  return ctx.rest('comments.create', { role, json });
}

/**
 * A second like or view by the same user is counted once (§Posts API 6 and 13): refused (400), or answered
 * with the first one (D-uzbekhub-43 allows both); then the post's list (§8, §14) holds that user once.
 */
async function expectOnce(ctx: Ctx, what: 'like' | 'view', first: Json, again: Awaited<ReturnType<typeof like>>, list: 'likes.list' | 'postViews.list', post: string, role: Role) {
  const second = body(again);
  const refused = again.status === 400;
  const same = (again.status === 200 || again.status === 201) && second.id === first.id;
  expectTrue(ctx, refused || same, {
    expected: [`400 (a second ${what} refused)`, `200 or 201 answering the first ${what} (id ${String(first.id)})`],
    observed: `HTTP ${again.status} ${short(second)}`,
    pass: `the second ${what} was not recorded as another`,
    fail: `the second ${what} of the same post by the same user answered ${again.status}${second.id !== undefined ? ` with another ${what} (${String(second.id)})` : ''}`,
  });
  ctx.addReproduction(curlLine('GET', `/api/posts/${post}/${what === 'like' ? 'likes' : 'views'}/`, role));
  const { status, items } = await listed(ctx, list, role, { id: post });
  const mine = (items ?? []).filter((m) => ownerId(m) === idOf(ctx, role));
  expectTrue(ctx, status === 200 && mine.length === 1, {
    expected: [`the post's ${what}s list one ${what} of user ${idOf(ctx, role)}`],
    observed: `HTTP ${status}, ${mine.length} of that user in ${ids(items)}`,
    pass: `the ${what} is counted once`,
    fail: `the post's ${what}s list ${mine.length} ${what}s of the same user`,
  });
}

export const postChecks: Check<UzState>[] = [
  {
    id: 'uzbekhub-posts-01',
    level: 'MUST',
    doc: '004 §Posts API 2',
    title: 'A post is created from `content` and any number of `images` file parts',
    requirement: 'POST /api/posts/post/ "Content-Type: multipart/form-data" {"content", "images": ["<file1>", "<file2>"]} → 201 Created, "Same as List Posts item"; "images ixtiyoriy. Bir nechta rasm yuklash mumkin" (images are optional; several images may be uploaded).',
    tags: ['posts', 'rest', 'multipart', 'schema'],
    async run(ctx) {
      const content = uniqueText('post');
      const res = await createPost(ctx, 'member', content, 2);
      expectStatus(ctx, res, [201], 'creating a post with two images');
      expectJsonBody(ctx, res, 'uzbekhub/post', 'the created post');
      const post = body(res);
      const images = Array.isArray(post.images) ? (post.images as Json[]) : [];
      expectTrue(ctx, post.content === content && ownerId(post) === idOf(ctx, 'member') && images.length === 2, {
        expected: [`content "${content}", owner ${idOf(ctx, 'member')}, two images`],
        observed: short(post),
        pass: 'the post holds its content, its author and both images',
        fail: `the created post differs from the request (${images.length} of 2 images, content or owner)`,
      });
      const bare = await createPost(ctx, 'member', uniqueText('text-only'));
      expectStatus(ctx, bare, [201], 'creating a post without images ("images ixtiyoriy", optional)');
      expectJsonBody(ctx, bare, 'uzbekhub/post', 'the post created without images');
    },
  },
  {
    id: 'uzbekhub-posts-02',
    level: 'MUST',
    doc: '004 §Posts API 1',
    title: 'The post list holds every user\'s posts, not only the caller\'s',
    requirement: 'GET /api/posts/post/ "Barcha postlar ro\'yxati" (the list of all posts) → 200 [{"id", "content", "owner", "images", …}].',
    tags: ['posts', 'rest'],
    async run(ctx) {
      const post = await ownPost(ctx, 'member');
      ctx.addReproduction(curlLine('GET', '/api/posts/post/', 'outsider'));
      const { res, items } = await listed(ctx, 'posts.list', 'outsider');
      expectStatus(ctx, res, [200], 'the post list as another user');
      const found = (items ?? []).find((p) => p.id === post.id);
      expectTrue(ctx, found !== undefined && found.content === post.content && ownerId(found) === idOf(ctx, 'member'), {
        expected: [`post ${String(post.id)} of the member listed for the outsider, with its content and owner`],
        observed: found ? short(found) : `not among ${ids(items)}`,
        pass: 'another user\'s post is listed',
        fail: found ? 'the member\'s post is listed with another content or owner' : 'the member\'s post is not in the outsider\'s list of all posts',
      });
    },
  },
  {
    id: 'uzbekhub-posts-03',
    level: 'SHOULD',
    doc: '004 §Posts API 1',
    decision: 'D-uzbekhub-42',
    title: '`like_count`, `comment_count` and `view_count` count the post\'s likes, comments and views',
    requirement: 'Decision D-uzbekhub-42 (§1 shows "like_count": 15, "comment_count": 3, "view_count": 50 and says no more): they count the post\'s likes (§6), comments (§9) and views (§13).',
    tags: ['posts', 'likes', 'comments', 'views', 'rest'],
    async run(ctx) {
      const post = await ownPost(ctx, 'member');
      const id = String(post.id);
      for (const role of ['admin', 'outsider'] as const) expectStatus(ctx, await like(ctx, role, id), [201], `a like by the ${role}`);
      expectStatus(ctx, await comment(ctx, 'admin', id, uniqueText('comment')), [201], 'a comment by the admin');
      expectStatus(ctx, await view(ctx, 'outsider', id), [201], 'a view by the outsider');
      ctx.addReproduction(curlLine('GET', `/api/posts/post/${id}/`, 'member'));
      const res = await ctx.rest('posts.get', { role: 'member', params: { id } });
      expectStatus(ctx, res, [200], 'the post\'s detail');
      const got = body(res);
      const { items } = await listed(ctx, 'posts.list', 'member');
      const item = (items ?? []).find((p) => p.id === id) ?? {};
      for (const [where, p] of [['detail', got], ['list item', item]] as const) {
        expectTrue(ctx, p.like_count === 2 && p.comment_count === 1 && p.view_count === 1, {
          expected: ['like_count 2, comment_count 1, view_count 1'],
          observed: `like_count ${String(p.like_count)}, comment_count ${String(p.comment_count)}, view_count ${String(p.view_count)}`,
          pass: `the post's ${where} counts two likes, one comment and one view`,
          fail: `the post's ${where} does not count its likes, comments and views`,
        });
      }
    },
  },
  {
    id: 'uzbekhub-posts-04',
    level: 'MUST',
    doc: '004 §Posts API 4',
    title: 'An updated post shows its new content and `is_edited: true`',
    requirement: 'PATCH /api/posts/post/<id>/ {"content": "Updated post content"} → 200 "Same as List Posts item"; "Yangilangandan keyin is_edited = true bo\'ladi" (after an update is_edited becomes true).',
    tags: ['posts', 'rest'],
    async run(ctx) {
      const post = await ownPost(ctx, 'member');
      const id = String(post.id);
      expectTrue(ctx, post.is_edited === false, { expected: ['a new post with "is_edited": false'], observed: short(post), pass: 'a new post is not edited', fail: 'a post never updated says is_edited true' });
      const content = uniqueText('updated');
      const form = postForm(content);
      ctx.addReproduction(curlLine('PATCH', `/api/posts/post/${id}/`, 'member', { form: { content } }));
      const res = await ctx.rest('posts.update', { role: 'member', params: { id }, form });
      expectStatus(ctx, res, [200], 'PATCH of the member\'s own post');
      ctx.addReproduction(curlLine('GET', `/api/posts/post/${id}/`, 'member'));
      const read = await ctx.rest('posts.get', { role: 'member', params: { id } });
      for (const [where, p] of [['PATCH answer', body(res)], ['detail read afterwards', body(read)]] as const) {
        expectTrue(ctx, p.content === content && p.is_edited === true, {
          expected: [`content "${content}", "is_edited": true`],
          observed: short(p),
          pass: `the ${where} shows the update and is_edited true`,
          fail: `the ${where} ${p.content === content ? 'says is_edited is not true' : 'does not show the new content'}`,
        });
      }
    },
  },
  {
    id: 'uzbekhub-posts-05',
    level: 'SHOULD',
    doc: '004 §Posts API 4',
    decision: 'D-uzbekhub-42',
    title: 'An update sets the post\'s `updated_at`',
    requirement: 'Decision D-uzbekhub-42 (§1 shows "updated_at": null for a post never updated): a PATCH sets `updated_at` (read as `update_at` too, D-uzbekhub-49) to a timestamp no earlier than `created_at`.',
    tags: ['posts', 'rest'],
    async run(ctx) {
      const post = await ownPost(ctx, 'member');
      const id = String(post.id);
      ctx.addReproduction(curlLine('PATCH', `/api/posts/post/${id}/`, 'member', { form: { content: 'edited' } }));
      expectStatus(ctx, await ctx.rest('posts.update', { role: 'member', params: { id }, form: postForm(uniqueText('edited')) }), [200], 'PATCH of the member\'s own post');
      const got = body(await ctx.rest('posts.get', { role: 'member', params: { id } }));
      const at = updatedAt(got);
      const ok = typeof at === 'string' && !Number.isNaN(Date.parse(at)) && Date.parse(at) >= Date.parse(String(got.created_at));
      expectTrue(ctx, ok, { expected: ['updated_at a timestamp ≥ created_at'], observed: `created_at ${String(got.created_at)}, updated_at ${JSON.stringify(at)}`, pass: 'the update set updated_at', fail: 'after a PATCH the post\'s updated_at is not a timestamp of the update' });
    },
  },
  {
    id: 'uzbekhub-posts-06',
    level: 'MUST',
    doc: '004 §Posts API 6',
    title: 'A user likes a post once: a second like is not counted',
    requirement: 'POST /api/posts/like/ {"post"} → 201; "Validation: Bir postga bir marta like bosish mumkin" (a post can be liked once); GET /api/posts/<post_id>/likes/ lists the likes. D-uzbekhub-43: the second is 400 or answers the first.',
    tags: ['posts', 'likes', 'rest', 'validation'],
    async run(ctx) {
      const post = String((await ownPost(ctx, 'member')).id);
      const first = await like(ctx, 'outsider', post);
      expectStatus(ctx, first, [201], 'the outsider\'s first like');
      expectJsonBody(ctx, first, 'uzbekhub/like', 'the like');
      await expectOnce(ctx, 'like', body(first), await like(ctx, 'outsider', post), 'likes.list', post, 'outsider');
    },
  },
  {
    id: 'uzbekhub-posts-07',
    level: 'MUST',
    doc: '004 §Posts API 9',
    title: 'A comment answers another through `reply_to`, and the post\'s comments show both',
    requirement: 'POST /api/posts/comment/ {"post", "comment", "reply_to"} → 201 with "reply_to"; "reply_to - boshqa izohga javob berish uchun ishlatiladi (comment UUID)" (reply_to is used to answer another comment); GET /api/posts/<post_id>/comments/ → "Array of comments".',
    tags: ['posts', 'comments', 'rest'],
    async run(ctx) {
      const post = String((await ownPost(ctx, 'member')).id);
      const first = await comment(ctx, 'admin', post, uniqueText('question'));
      expectStatus(ctx, first, [201], 'the admin\'s comment');
      const parent = body(first);
      expectTrue(ctx, parent.reply_to === null, { expected: ['"reply_to": null for a comment answering none'], observed: short(parent), pass: 'a comment answering none has reply_to null', fail: 'a comment sent with reply_to null answers something' });
      const answer = await comment(ctx, 'outsider', post, uniqueText('answer'), String(parent.id));
      expectStatus(ctx, answer, [201], 'the outsider\'s reply');
      expectJsonBody(ctx, answer, 'uzbekhub/comment', 'the reply');
      const reply = body(answer);
      expectTrue(ctx, reply.reply_to === parent.id, { expected: [`"reply_to": "${String(parent.id)}"`], observed: short(reply), pass: 'the reply answers the first comment', fail: `the reply's reply_to is ${JSON.stringify(reply.reply_to)}, not the comment it answered` });
      ctx.addReproduction(curlLine('GET', `/api/posts/${post}/comments/`, 'member'));
      const { status, items } = await listed(ctx, 'comments.list', 'member', { id: post });
      const listedReply = (items ?? []).find((c) => c.id === reply.id);
      expectTrue(ctx, status === 200 && (items ?? []).some((c) => c.id === parent.id) && listedReply?.reply_to === parent.id, {
        expected: ['both comments listed, the reply with its reply_to'],
        observed: `HTTP ${status} ${short(items ?? [])}`,
        pass: 'the post\'s comments show the comment and its reply',
        fail: listedReply ? 'the listed reply lost its reply_to' : 'the post\'s comments do not list both comments',
      });
    },
  },
  {
    id: 'uzbekhub-posts-08',
    level: 'MUST',
    doc: '004 §Posts API 10',
    title: 'An updated comment shows its new text and `is_edited: true`',
    requirement: 'PATCH /api/posts/comment/<id>/ {"comment": "Updated comment text"} → 200 "Same as Create Comment"; "Yangilangandan keyin is_edited = true bo\'ladi" (after an update is_edited becomes true); §9 shows a new comment with "is_edited": false.',
    tags: ['posts', 'comments', 'rest'],
    async run(ctx) {
      const post = String((await ownPost(ctx, 'member')).id);
      const made = await comment(ctx, 'admin', post, uniqueText('comment'));
      expectStatus(ctx, made, [201], 'the admin\'s comment');
      const c = body(made);
      expectTrue(ctx, c.is_edited === false, { expected: ['a new comment with "is_edited": false'], observed: short(c), pass: 'a new comment is not edited', fail: 'a comment never updated says is_edited true' });
      const text = uniqueText('reworded');
      ctx.addReproduction(curlLine('PATCH', `/api/posts/comment/${String(c.id)}/`, 'admin', { json: { comment: text } }));
      const res = await ctx.rest('comments.update', { role: 'admin', params: { id: String(c.id) }, json: { comment: text } });
      expectStatus(ctx, res, [200], 'PATCH of the admin\'s own comment');
      const { items } = await listed(ctx, 'comments.list', 'member', { id: post });
      const listedC = (items ?? []).find((x) => x.id === c.id) ?? {};
      for (const [where, x] of [['PATCH answer', body(res)], ['listed comment', listedC]] as const) {
        expectTrue(ctx, x.comment === text && x.is_edited === true, {
          expected: [`comment "${text}", "is_edited": true`],
          observed: short(x),
          pass: `the ${where} shows the new text and is_edited true`,
          fail: `the ${where} ${x.comment === text ? 'says is_edited is not true' : 'does not show the new text'}`,
        });
      }
    },
  },
  {
    id: 'uzbekhub-posts-09',
    level: 'MUST',
    doc: '004 §Posts API 13',
    title: 'A user\'s view of a post is recorded once',
    requirement: 'POST /api/posts/views/ {"post"} → 201; "Validation: Bir postga bir marta view qayd qilinadi" (a view of a post is recorded once); GET /api/posts/<post_id>/views/ lists the views. D-uzbekhub-43: the second is 400 or answers the first.',
    tags: ['posts', 'views', 'rest', 'validation'],
    async run(ctx) {
      const post = String((await ownPost(ctx, 'member')).id);
      const first = await view(ctx, 'outsider', post);
      expectStatus(ctx, first, [201], 'the outsider\'s first view');
      expectJsonBody(ctx, first, 'uzbekhub/post-view', 'the view');
      await expectOnce(ctx, 'view', body(first), await view(ctx, 'outsider', post), 'postViews.list', post, 'outsider');
    },
  },
];
