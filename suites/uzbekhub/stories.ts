// 004 §Stories API 1-13, what the generated families do not say: a story made of a `media` file part;
// who sees it, by its audience (public, the owner's contacts, those marked), on detail (§3) and in a
// user's stories (§6); the archive after its 24 hours (through the archiveStory hook, D-uzbekhub-45);
// one reaction per user and story; a story view's viewer.
import type { Json } from '../../core/json.ts';
import { CheckBlocked, type Check } from '../../harness/check.ts';
import { expectJsonBody, expectSchema, expectStatus, expectTrue, short } from '../../harness/verify.ts';
import { curlLine, uniqueText } from '../support.ts';
import { readList, readListFinding } from './lists.ts';
import { createStory, ids, listed, ownStory } from './social-support.ts';
import { body, idOf, type Ctx, type Role, type UzState } from './support.ts';

/** The check a server refusing a contact (§Accounts API 30) blocks the contact audience by. */
export const CONTACTS_CHECK = 'uzbekhub-account-24';

const HIDDEN = [403, 404];

/** What `viewer` gets for `story` of `owner`: its detail (§3) and whether §6 lists it. */
async function seen(ctx: Ctx, story: Json, owner: Role, viewer: Role) {
  const id = Number(story.id);
  ctx.addReproduction(curlLine('GET', `/api/stories/active/${id}/`, viewer));
  const detail = await ctx.rest('stories.get', { role: viewer, params: { id } });
  ctx.addReproduction(curlLine('GET', `/api/stories/active/${idOf(ctx, owner)}/stories/`, viewer));
  const { res, items, found } = await readListFinding(ctx, 'stories.ofUser', { role: viewer, params: { id: idOf(ctx, owner) } }, (s) => s.id === id);
  return { detail, list: { res, status: res.status, items }, inList: found };
}

/** `viewer` is in the story's audience: §3 answers it (200) and §6 lists it. */
async function expectSees(ctx: Ctx, story: Json, owner: Role, viewer: Role, why: string): Promise<void> {
  const { detail, list, inList } = await seen(ctx, story, owner, viewer);
  expectStatus(ctx, detail, [200], `the story's detail as the ${viewer} (${why})`);
  expectTrue(ctx, body(detail).id === story.id, { expected: [`story ${String(story.id)}`], observed: short(body(detail)), pass: `the ${viewer} reads the story`, fail: `the detail answered to the ${viewer} is another story` });
  expectStatus(ctx, list.res, [200], `the ${owner}'s stories as the ${viewer}`);
  expectTrue(ctx, inList, { expected: [`story ${String(story.id)} among the ${owner}'s stories`], observed: ids(list.items), pass: `§6 lists the story for the ${viewer}`, fail: `the ${owner}'s stories as the ${viewer} (${why}) leave the story out` });
}

/** `viewer` is outside the story's audience: §3 refuses (404, or 403: D-uzbekhub-44) and §6 leaves it out. */
async function expectHidden(ctx: Ctx, story: Json, owner: Role, viewer: Role, why: string): Promise<void> {
  const { detail, list, inList } = await seen(ctx, story, owner, viewer);
  expectStatus(ctx, detail, HIDDEN, `the story's detail as the ${viewer} (${why})`);
  expectTrue(ctx, list.status === 200 && !inList, {
    expected: [`the ${owner}'s stories as the ${viewer} without story ${String(story.id)}`],
    observed: `HTTP ${list.status} ${ids(list.items)}`,
    pass: `§6 leaves the story out for the ${viewer}`,
    fail: list.status === 200 ? `the ${owner}'s stories show the ${viewer} a story outside their audience (${why})` : `the ${owner}'s stories as the ${viewer} answered ${list.status}`,
  });
}

/**
 * `contact` in `owner`'s contacts (§Accounts API 30), for the `contact` audience: made here and removed at
 * the end, or one already there (another check may hold it). A server refusing it blocks the check.
 */
async function contactOf(ctx: Ctx, owner: Role, contact: Role): Promise<{ id: unknown; made: boolean }> {
  const json = { contact: idOf(ctx, contact), nikname: uniqueText('friend') };
  ctx.addReproduction(curlLine('POST', '/api/accounts/account/contact/', owner, { json }));
  const res = await ctx.rest('contacts.create', { role: owner, json });
  if ((res.status === 201 || res.status === 200) && body(res).id !== undefined) return { id: body(res).id, made: true };
  if (res.status === 400) {
    const { items } = await readList(ctx, 'contacts.list', { role: owner });
    const there = (items ?? []).find((c) => c.contact === idOf(ctx, contact) || (c.contact as Json | undefined)?.id === idOf(ctx, contact));
    if (there) return { id: there.id, made: false };
  }
  throw new CheckBlocked({ kind: 'check', id: CONTACTS_CHECK, reason: `POST /api/accounts/account/contact/ (the ${contact} as the ${owner}'s contact) answered ${res.status}` });
}

/** A story of `role`'s own, archived through the archiveStory hook (skipped without one). */
async function archivedStory(ctx: Ctx, role: Role): Promise<Json> {
  const story = await ownStory(ctx, role);
  await ctx.hook('archiveStory', { story: Number(story.id) });
  return story;
}

export const storyChecks: Check<UzState>[] = [
  {
    id: 'uzbekhub-stories-01',
    level: 'MUST',
    doc: '004 §Stories API 2',
    title: 'A story is created from a `media` file part with its caption and audience, and §1 lists it',
    requirement: 'POST /api/stories/active/ "Content-Type: multipart/form-data" {"media": "<file>", "caption", "audience": "public", "marked"} → 201 Created "Same as List My Active Stories item"; GET /api/stories/active/ "O\'z aktiv hikoyalarimni ko\'rish" (see my active stories).',
    tags: ['stories', 'rest', 'multipart', 'schema'],
    async run(ctx) {
      const caption = uniqueText('sunset');
      const res = await createStory(ctx, 'member', { caption, audience: 'public' });
      expectStatus(ctx, res, [201], 'creating a story');
      expectJsonBody(ctx, res, 'uzbekhub/story', 'the created story');
      const s = body(res);
      expectTrue(ctx, s.caption === caption && s.audience === 'public' && s.is_active === true && (s.owner as Json | undefined)?.id === idOf(ctx, 'member'), {
        expected: [`caption "${caption}", audience "public", is_active true, owner ${idOf(ctx, 'member')}`],
        observed: short(s),
        pass: 'the story is the one sent, active',
        fail: 'the created story differs from the request (caption, audience, is_active or owner)',
      });
      ctx.addReproduction(curlLine('GET', '/api/stories/active/', 'member'));
      const { res: list, items } = await listed(ctx, 'stories.list', 'member');
      expectStatus(ctx, list, [200], 'my active stories');
      expectTrue(ctx, (items ?? []).some((x) => x.id === s.id), { expected: [`story ${String(s.id)} among my active stories`], observed: ids(items), pass: 'the new story is among my active stories', fail: 'the new story is not among my active stories' });
    },
  },
  {
    id: 'uzbekhub-stories-02',
    level: 'MUST',
    doc: '004 §Stories API 2',
    title: 'A public story is seen by every user, on detail and in the owner\'s stories',
    requirement: '"Audience Options: public - Hamma ko\'radi" (everyone sees it); GET /api/stories/active/<id>/ and GET /api/stories/active/<user_id>/stories/ answer what the audience allows.',
    tags: ['stories', 'audience', 'rest'],
    async run(ctx) {
      const story = await ownStory(ctx, 'member', { audience: 'public' });
      for (const viewer of ['admin', 'outsider'] as const) await expectSees(ctx, story, 'member', viewer, 'public');
    },
  },
  {
    id: 'uzbekhub-stories-03',
    level: 'MUST',
    doc: '004 §Stories API 3',
    title: 'A story for marked users is seen by those marked only',
    requirement: '"marked - Faqat belgilangan foydalanuvchilar ko\'radi" (only the marked users see it); §3 "Audience qoidalariga ko\'ra faqat ruxsat berilgan foydalanuvchilar ko\'rishi mumkin" (only the users the audience allows may see it); §6 "Faqat audience qoidalariga mos keladigan hikoyalar qaytariladi" (only stories matching the audience rules are returned).',
    tags: ['stories', 'audience', 'rest'],
    async run(ctx) {
      const story = await ownStory(ctx, 'member', { audience: 'marked', marked: [idOf(ctx, 'admin')] });
      await expectSees(ctx, story, 'member', 'admin', 'marked');
      await expectHidden(ctx, story, 'member', 'outsider', 'not marked');
    },
  },
  {
    id: 'uzbekhub-stories-04',
    level: 'MUST',
    doc: '004 §Stories API 3',
    title: 'A story for contacts is seen by the owner\'s contacts only',
    requirement: '"contact - Faqat kontaktlar ko\'radi" (only contacts see it); §3 "faqat ruxsat berilgan foydalanuvchilar ko\'rishi mumkin"; §6 "Faqat audience qoidalariga mos keladigan hikoyalar qaytariladi". D-uzbekhub-44: the users in the owner\'s contacts (§Accounts API 29).',
    tags: ['stories', 'audience', 'contacts', 'rest'],
    async run(ctx) {
      const contact = await contactOf(ctx, 'outsider', 'admin');
      try {
        const story = await ownStory(ctx, 'outsider', { audience: 'contact' });
        await expectSees(ctx, story, 'outsider', 'admin', 'a contact');
        await expectHidden(ctx, story, 'outsider', 'member', 'not a contact');
      } finally {
        if (contact.made) await ctx.rest('contacts.delete', { role: 'outsider', params: { id: String(contact.id) } });
      }
    },
  },
  {
    id: 'uzbekhub-stories-05',
    level: 'MUST',
    doc: '004 §Stories API 7',
    title: 'An archived story leaves my active stories and is listed in the archive with `is_active: false`',
    requirement: 'GET /api/stories/archive/ "Arxivlangan hikoyalar ro\'yxati" → "Array of stories (same structure as active stories but is_active = false)"; GET /api/stories/active/ lists the active ones. A story is archived after its 24 hours (D-uzbekhub-19), made to happen by the target file\'s hooks.archiveStory (D-uzbekhub-45).',
    tags: ['stories', 'archive', 'rest', 'hook'],
    async run(ctx) {
      const story = await archivedStory(ctx, 'member');
      ctx.addReproduction(curlLine('GET', '/api/stories/archive/', 'member'));
      const { res, items } = await listed(ctx, 'archive.list', 'member');
      expectStatus(ctx, res, [200], 'the member\'s archive');
      expectSchema(ctx, 'uzbekhub/story-list-response', items ?? res.json, 'the archive\'s stories');
      const there = (items ?? []).find((s) => s.id === story.id);
      expectTrue(ctx, there?.is_active === false, {
        expected: [`story ${String(story.id)} in the archive with "is_active": false`],
        observed: there ? short(there) : `not among ${ids(items)}`,
        pass: 'the archived story is in the archive, inactive',
        fail: there ? 'the archived story is listed with is_active not false' : 'the archived story is not in the archive',
      });
      ctx.addReproduction(curlLine('GET', '/api/stories/active/', 'member'));
      const active = await listed(ctx, 'stories.list', 'member');
      expectTrue(ctx, active.status === 200 && !(active.items ?? []).some((s) => s.id === story.id), {
        expected: [`my active stories without story ${String(story.id)}`],
        observed: `HTTP ${active.status} ${ids(active.items)}`,
        pass: 'the archived story left my active stories',
        fail: 'the archived story is still among my active stories',
      });
    },
  },
  {
    id: 'uzbekhub-stories-06',
    level: 'MUST',
    doc: '004 §Stories API 8',
    title: 'An archived story is read and deleted by its owner only',
    requirement: 'GET and DELETE /api/stories/archive/<pk>/ "Authentication: ✅ Required (Owner only)" → 200 "Same as archive story item" and 204; someone else is refused (403 or 404, D-uzbekhub-45) and the story stays.',
    tags: ['stories', 'archive', 'rest', 'roles', 'hook'],
    async run(ctx) {
      const story = await archivedStory(ctx, 'member');
      const id = Number(story.id);
      ctx.addReproduction(curlLine('GET', `/api/stories/archive/${id}/`, 'outsider'));
      expectStatus(ctx, await ctx.rest('archive.get', { role: 'outsider', params: { id } }), HIDDEN, 'another user reading the member\'s archived story');
      ctx.addReproduction(curlLine('DELETE', `/api/stories/archive/${id}/`, 'outsider'));
      expectStatus(ctx, await ctx.rest('archive.delete', { role: 'outsider', params: { id } }), HIDDEN, 'another user deleting the member\'s archived story');
      ctx.addReproduction(curlLine('GET', `/api/stories/archive/${id}/`, 'member'));
      const mine = await ctx.rest('archive.get', { role: 'member', params: { id } });
      expectStatus(ctx, mine, [200], 'the owner reading the archived story (after another user\'s DELETE)');
      expectJsonBody(ctx, mine, 'uzbekhub/story', 'the archived story');
      expectTrue(ctx, body(mine).id === id && body(mine).is_active === false, { expected: [`story ${id} with "is_active": false`], observed: short(body(mine)), pass: 'the owner reads the archived story', fail: 'the owner\'s archived story is another or says is_active not false' });
      ctx.addReproduction(curlLine('DELETE', `/api/stories/archive/${id}/`, 'member'));
      expectStatus(ctx, await ctx.rest('archive.delete', { role: 'member', params: { id } }), [204], 'the owner deleting the archived story');
      const { items } = await listed(ctx, 'archive.list', 'member');
      expectTrue(ctx, !(items ?? []).some((s) => s.id === id), { expected: ['the story gone from the archive'], observed: ids(items), pass: 'the owner\'s DELETE removed it', fail: 'the archived story is still listed after its owner\'s DELETE' });
    },
  },
  {
    id: 'uzbekhub-stories-07',
    level: 'MUST',
    doc: '004 §Stories API 10',
    title: 'A user reacts to a story once',
    requirement: 'POST /api/stories/reaction/ {"story", "reaction": "❤️"} → 201 {"id", "story", "user", "reaction", "reacted_at"}; "Validation: Bir hikoyaga bir marta reaktsiya qoldirish mumkin" (one may react to a story once): a second reaction is refused (400, D-uzbekhub-46) or answers the first.',
    tags: ['stories', 'reactions', 'rest', 'validation'],
    async run(ctx) {
      const story = Number((await ownStory(ctx, 'member')).id);
      const react = (reaction: string) => {
        ctx.addReproduction(curlLine('POST', '/api/stories/reaction/', 'admin', { json: { story, reaction } }));
        return ctx.rest('reactions.create', { role: 'admin', json: { story, reaction } });
      };
      const first = await react('❤️');
      expectStatus(ctx, first, [201], 'the admin\'s reaction');
      expectJsonBody(ctx, first, 'uzbekhub/reaction', 'the reaction');
      const r = body(first);
      expectTrue(ctx, r.story === story && r.user === idOf(ctx, 'admin') && r.reaction === '❤️', { expected: [`story ${story}, user ${idOf(ctx, 'admin')}, reaction "❤️"`], observed: short(r), pass: 'the reaction is the admin\'s on that story', fail: 'the reaction names another story, user or reaction' });
      const again = await react('👍');
      const same = (again.status === 200 || again.status === 201) && body(again).id === r.id;
      expectTrue(ctx, again.status === 400 || same, {
        expected: ['400 (a second reaction refused)', `the first reaction (id ${String(r.id)}) answered again`],
        observed: `HTTP ${again.status} ${short(body(again))}`,
        pass: 'a second reaction to the same story was not recorded',
        fail: `a second reaction of the admin to the same story answered ${again.status}${body(again).id !== undefined ? ` as reaction ${String(body(again).id)}` : ''}`,
      });
    },
  },
  {
    id: 'uzbekhub-stories-08',
    level: 'MUST',
    doc: '004 §Stories API 13',
    title: 'Marking a story viewed answers 201 with the story and its viewer',
    requirement: 'POST /api/stories/viewed/ {"story": 1, "viewer": 1} → 201 Created {"id", "story", "viewer", "viewed_at"}.',
    tags: ['stories', 'views', 'rest', 'schema'],
    async run(ctx) {
      const story = Number((await ownStory(ctx, 'member')).id);
      const json = { story, viewer: idOf(ctx, 'admin') };
      ctx.addReproduction(curlLine('POST', '/api/stories/viewed/', 'admin', { json }));
      const res = await ctx.rest('storyViews.create', { role: 'admin', json });
      expectStatus(ctx, res, [201], 'the admin marking the member\'s story viewed');
      expectJsonBody(ctx, res, 'uzbekhub/story-view', 'the story view');
      const v = body(res);
      expectTrue(ctx, v.story === story && v.viewer === idOf(ctx, 'admin'), { expected: [`story ${story}, viewer ${idOf(ctx, 'admin')}`], observed: short(v), pass: 'the view names the story and the admin', fail: 'the view names another story or viewer' });
    },
  },
  {
    id: 'uzbekhub-stories-09',
    level: 'SHOULD',
    doc: '004 §Stories API 13',
    decision: 'D-uzbekhub-20',
    title: 'Nobody marks a story viewed on someone else\'s behalf',
    requirement: 'Decision D-uzbekhub-20 (§13 takes a `viewer` id although the viewer is the caller): a `viewer` other than the caller is refused with 400; a server recording the caller instead is not judged.',
    tags: ['stories', 'views', 'rest', 'validation'],
    async run(ctx) {
      const story = Number((await ownStory(ctx, 'member')).id);
      const json = { story, viewer: idOf(ctx, 'admin') };
      ctx.addReproduction(curlLine('POST', '/api/stories/viewed/', 'outsider', { json }));
      const res = await ctx.rest('storyViews.create', { role: 'outsider', json });
      const v = body(res);
      const asCaller = (res.status === 200 || res.status === 201) && v.viewer === idOf(ctx, 'outsider');
      expectTrue(ctx, res.status === 400 || asCaller, {
        expected: ['400', `a view recorded for the caller (viewer ${idOf(ctx, 'outsider')})`],
        observed: `HTTP ${res.status} ${short(v)}`,
        pass: 'the outsider could not mark the story viewed by the admin',
        fail: `the outsider marked the story viewed by user ${String(v.viewer ?? idOf(ctx, 'admin'))} (HTTP ${res.status})`,
      });
    },
  },
  {
    id: 'uzbekhub-stories-10',
    level: 'SHOULD',
    doc: '004 §Stories API 3',
    decision: 'D-uzbekhub-46',
    title: 'Nobody reacts to or views a story outside their audience',
    requirement: 'Decision D-uzbekhub-46 (§3: "faqat ruxsat berilgan foydalanuvchilar ko\'rishi mumkin", only the users the audience allows may see it; §10 and §13 say nothing of it): a reaction or a view of a story outside the caller\'s audience is refused, 404 (or 403, or 400).',
    tags: ['stories', 'audience', 'reactions', 'views', 'rest'],
    async run(ctx) {
      const story = Number((await ownStory(ctx, 'member', { audience: 'marked', marked: [idOf(ctx, 'admin')] })).id);
      const reaction = { story, reaction: '🔥' };
      ctx.addReproduction(curlLine('POST', '/api/stories/reaction/', 'outsider', { json: reaction }));
      expectStatus(ctx, await ctx.rest('reactions.create', { role: 'outsider', json: reaction }), [404, 403, 400], 'the outsider reacting to a story marked for the admin only');
      const view = { story, viewer: idOf(ctx, 'outsider') };
      ctx.addReproduction(curlLine('POST', '/api/stories/viewed/', 'outsider', { json: view }));
      expectStatus(ctx, await ctx.rest('storyViews.create', { role: 'outsider', json: view }), [404, 403, 400], 'the outsider viewing a story marked for the admin only');
    },
  },
  {
    id: 'uzbekhub-stories-11',
    level: 'MUST',
    doc: '004 §Stories API 11',
    title: 'Only the reaction\'s owner may change or delete it; the story\'s owner may not',
    requirement: 'PATCH and DELETE /api/stories/reaction/<id>/: "Authentication: ✅ Required (Owner only)"; §Error Responses 403 (404 where a queryset hides others\' reactions, D-uzbekhub-28). The reaction is still there afterwards: its owner changes it (200) and deletes it (204).',
    tags: ['stories', 'reactions', 'rest', 'access'],
    async run(ctx) {
      const story = Number((await ownStory(ctx, 'member')).id);
      const made = await ctx.rest('reactions.create', { role: 'admin', json: { story, reaction: '❤️' } });
      const id = body(made).id;
      if (made.status !== 201 || id === undefined) throw new CheckBlocked({ kind: 'check', id: 'uzbekhub-stories-07', reason: `the admin's reaction answered ${made.status}` });
      // The story's owner, not the reaction's: "Owner only" is the reaction's owner.
      ctx.addReproduction(curlLine('PATCH', `/api/stories/reaction/${String(id)}/`, 'member', { json: { reaction: '😡' } }));
      expectStatus(ctx, await ctx.rest('reactions.update', { role: 'member', params: { id: String(id) }, json: { reaction: '😡' } }), HIDDEN, 'PATCH of the admin\'s reaction as the member (the story\'s owner)');
      ctx.addReproduction(curlLine('DELETE', `/api/stories/reaction/${String(id)}/`, 'member'));
      expectStatus(ctx, await ctx.rest('reactions.delete', { role: 'member', params: { id: String(id) } }), HIDDEN, 'DELETE of the admin\'s reaction as the member');
      const changed = await ctx.rest('reactions.update', { role: 'admin', params: { id: String(id) }, json: { reaction: '👍' } });
      expectStatus(ctx, changed, [200], 'PATCH of the reaction by its owner, the admin');
      expectTrue(ctx, body(changed).reaction === '👍', { expected: ['reaction "👍"'], observed: short(body(changed)), pass: 'its owner changed it', fail: 'the owner\'s PATCH answered another reaction' });
      expectStatus(ctx, await ctx.rest('reactions.delete', { role: 'admin', params: { id: String(id) } }), [204], 'DELETE of the reaction by its owner');
    },
  },
];
