// UzbekHub's check families generated from the profile's `rest` table (suites/families/rest-checks.ts):
// a few lines of data per resource (how to make one, change it, read it back), the owner-only operations,
// and how to call the lists and the responses sampled. Every other operation of 004 gets its families from
// the table alone. Ids: uzbekhub-<family>-NNN, NNN the operation's position in profile.json's `rest`.
import type { Json } from '../../core/json.ts';
import { loadProfile } from '../../core/profiles.ts';
import { CheckBlocked, type Check } from '../../harness/check.ts';
import type { CheckContext } from '../../harness/context.ts';
import { FormData } from '../../client/http.ts';
import { restFamilyChecks, type Call, type Resource, type RestAdapter, type Who } from '../families/rest-checks.ts';
import { familyData } from './operations-plan.ts';
import { uniqueText } from '../support.ts';
import { readList } from './lists.ts';
import { ownAccount } from './accounts-support.ts';
import { body, fixtureRoom, idOf, openSocket, ownRoom, sentMessage, smallFile, type Ctx, type UzState } from './support.ts';

const owner: Who = { role: 'owner', label: 'the owner' };
const member: Who = { role: 'member', label: 'the member' };
const anonymous: Who = { label: 'a client without a token' };
const OWNER_ONLY = '"Authentication: ✅ Required (Owner only)"';

/**
 * A user of the check's own (D-uzbekhub-29, plan: one location, status, contacts and blocks per user are
 * never the shared fixture users'): signed up, verified through the emailCode hook, signed in. Without
 * the hook the check is skipped with that reason. Sign-up's code goes through a throttled scope
 * (email_verify), so the run keeps a pool: a user is lent to one check at a time, and the next check gets it
 * back cleared of its location, status, contacts and blocks; a new one is signed up only when all are lent.
 */
export async function freshUser(ctx: Ctx): Promise<Who> {
  let pool = POOLS.get(ctx.env);
  if (!pool) POOLS.set(ctx.env, (pool = []));
  let who = pool.pop();
  if (who && !(await cleared(ctx, who))) who = undefined;
  who ??= await signedUp(ctx);
  ctx.onCleanup(() => pool.push(who));
  return who;
}

const POOLS = new WeakMap<object, Who[]>();

async function signedUp(ctx: Ctx): Promise<Who> {
  const account = await ownAccount(ctx, 'fam');
  return { token: account.token, label: `a user of this check's own (${account.email})` };
}

/** A lent user back to a clean slate through documented paths (false: something would not go). */
async function cleared(ctx: Ctx, who: Who): Promise<boolean> {
  const token = who.token!;
  for (const op of ['location.delete', 'status.delete']) {
    const res = await ctx.rest(op, { token });
    if (res.status !== 204 && res.status !== 404 && res.status !== 200) return false;
  }
  for (const [list, del] of [['contacts.list', 'contacts.delete'], ['blocks.list', 'blocks.delete']] as const) {
    const { res, items } = await readList(ctx, list, { token });
    if (res.status !== 200 || !items) return false;
    for (const item of items) {
      // D-uzbekhub-38: a block's pk is its own id, or (a reading 004 allows) the blocked user's.
      const pks = [item.id, (item.blocked_user as Json | undefined)?.id].filter((pk) => pk !== undefined);
      let gone = false;
      for (const pk of pks) if (!gone) gone = [200, 204].includes((await ctx.rest(del, { token, params: { id: String(pk) } })).status);
      if (!gone) return false;
    }
  }
  return true;
}

const form = (fields: Record<string, string>, file?: { field: string; name: string; type: string; bytes: string }) => () => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  if (file) f.append(file.field, new Blob([file.bytes], { type: file.type }), file.name);
  return f;
};
/** A 1×1 PNG: a story's `media` and a post's image. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64').toString('latin1');

/** A post of `who`'s own, for what needs one (comments, likes, views). */
async function postOf(ctx: CheckContext<UzState>, who: Who): Promise<string> {
  const res = await ctx.rest('posts.create', { ...(who.role ? { role: who.role } : { token: who.token }), form: form({ content: uniqueText('post') })() });
  if (typeof body(res).id !== 'string') throw new CheckBlocked({ kind: 'check', id: 'uzbekhub-roundtrip-040', reason: `creating a post answered ${res.status}` });
  return String(body(res).id);
}
async function storyOf(ctx: CheckContext<UzState>, who: Who): Promise<number> {
  const res = await ctx.rest('stories.create', { ...(who.role ? { role: who.role } : { token: who.token }), form: form({ caption: uniqueText('story'), audience: 'public' }, { field: 'media', name: 'story.png', type: 'image/png', bytes: PNG })() });
  if (typeof body(res).id !== 'number') throw new CheckBlocked({ kind: 'check', id: 'uzbekhub-roundtrip-054', reason: `creating a story answered ${res.status}` });
  return Number(body(res).id);
}

type R = Resource<UzState>;

const resources: Record<keyof typeof familyData.resources, R> = {
  // §Chat API 2-5
  rooms: {
    ...familyData.resources.rooms,
    what: 'group room',
    owner: async () => owner,
    body(ctx) {
      const name = uniqueText('Team');
      return { json: { room_type: 'group', name, username: name.replace(/-/g, '_'), description: 'Team discussion', members: [idOf(ctx, 'admin'), idOf(ctx, 'member')] }, shows: { room_type: 'group', name, description: 'Team discussion' } };
    },
    change: () => {
      const name = uniqueText('Renamed');
      return { json: { name, description: 'Updated description' }, shows: { name, description: 'Updated description' } };
    },
    quote: '§Chat API 2-5: POST /api/chat/rooms/ → 201 "Same as List Chat Rooms item"; GET /api/chat/rooms/<id>/ → 200; PATCH {"name", "description"} → 200; DELETE → "Response (204 No Content)"; §Error Responses 404.',
  },
  // §Chat API 17-19: no detail or update; read back through the list
  files: {
    ...familyData.resources.files,
    what: 'chat file',
    owner: async () => owner,
    body: () => {
      const f = smallFile(uniqueText('family-file'));
      f.append('file_type', 'document');
      return { form: () => {
        const again = new FormData();
        for (const [k, v] of f.entries()) again.append(k, v);
        return again;
      }, shows: { file_type: 'document' } };
    },
    quote: '§Chat API 17-19: POST /api/chat/files/ (multipart) → 201 "Same as List Files item"; GET /api/chat/files/ lists it; DELETE /api/chat/files/<id>/ → "Response (204 No Content)".',
  },
  // §Chat API 15-16: messages are sent on the socket ("Xabarlar WebSocket orqali yuboriladi")
  messages: {
    ...familyData.resources.messages,
    what: 'chat message',
    owner: async () => owner,
    setup: async (ctx) => ({ room: await ownRoom(ctx as Ctx, { withAdmin: false }) }),
    params: (s) => ({ id: s.room! }),
    async make(ctx, _who, s) {
      const socket = await openSocket(ctx as Ctx, String(s.room), 'owner');
      return sentMessage(ctx as Ctx, socket, String(s.room), uniqueText('family-message'));
    },
    quote: '§Chat API 16: DELETE /api/chat/message/<id>/ (Sender only) → 204.',
  },
  // §Posts API 1-5
  posts: {
    ...familyData.resources.posts,
    what: 'post',
    body: () => {
      const content = uniqueText('post');
      return { form: form({ content }), shows: { content } };
    },
    change: () => {
      const content = uniqueText('edited');
      return { form: form({ content }), shows: { content, is_edited: true } };
    },
    quote: '§Posts API 2-5: POST /api/posts/post/ (multipart) → 201 "Same as List Posts item"; GET /api/posts/post/<id>/; PATCH → 200, "Yangilangandan keyin `is_edited` = `true` bo\'ladi"; DELETE → "Response (204 No Content)".',
  },
  // §Posts API 9-12: no detail; read back through the post's comments
  comments: {
    ...familyData.resources.comments,
    what: 'comment on a post',
    setup: async (ctx, who) => ({ post: await postOf(ctx, who) }),
    params: (s) => ({ id: s.post! }),
    body: (_ctx, s) => {
      const comment = uniqueText('comment');
      return { json: { post: s.post, comment, reply_to: null }, shows: { comment } };
    },
    change: () => {
      const comment = uniqueText('comment-edited');
      return { json: { comment }, shows: { comment, is_edited: true } };
    },
    quote: '§Posts API 9-12: POST /api/posts/comment/ → 201; GET /api/posts/<post_id>/comments/ lists it; PATCH /api/posts/comment/<id>/ → 200 with `is_edited` true; DELETE → 204.',
  },
  // §Posts API 6-8
  likes: {
    ...familyData.resources.likes,
    what: 'like of a post',
    setup: async (ctx, who) => ({ post: await postOf(ctx, who) }),
    params: (s) => ({ id: s.post! }),
    body: (_ctx, s) => ({ json: { post: s.post }, shows: { post: s.post! } }),
    quote: '§Posts API 6-8: POST /api/posts/like/ {"post"} → 201; GET /api/posts/<post_id>/likes/ lists it; DELETE /api/posts/like/<id>/ → 204.',
  },
  // §Posts API 13-14
  postViews: {
    ...familyData.resources.postViews,
    what: 'view of a post',
    setup: async (ctx, who) => ({ post: await postOf(ctx, who) }),
    params: (s) => ({ id: s.post! }),
    body: (_ctx, s) => ({ json: { post: s.post }, shows: { post: s.post! } }),
    quote: '§Posts API 13-14: POST /api/posts/views/ {"post"} → 201; GET /api/posts/<post_id>/views/ lists it.',
  },
  // §Accounts API 29-34: contacts of a user of the check's own
  contacts: {
    ...familyData.resources.contacts,
    what: 'contact',
    owner: (ctx) => freshUser(ctx as Ctx),
    body: (ctx) => ({ json: { contact: idOf(ctx as Ctx, 'member'), nikname: 'Best Friend' }, shows: { contact: idOf(ctx as Ctx, 'member'), nikname: 'Best Friend' } }),
    change: (ctx) => ({ json: { contact: idOf(ctx as Ctx, 'member'), nikname: 'Updated Nickname' }, shows: { nikname: 'Updated Nickname' } }),
    quote: '§Accounts API 30-34: POST /api/accounts/account/contact/ → 201; GET …/contact/<pk>/ → 200; PUT {"contact", "nikname"} → 200; DELETE → "Response (204 No Content)".',
  },
  // §Accounts API 21-24: a block of a user of the check's own (never between fixture users)
  blocks: {
    ...familyData.resources.blocks,
    what: 'block',
    owner: (ctx) => freshUser(ctx as Ctx),
    body: (ctx) => ({ json: { blocked_user: idOf(ctx as Ctx, 'outsider') }, shows: {} }),
    // D-uzbekhub-38: `pk` is the block's own id, or (another reading) the blocked user's: the one §23 answers.
    async pathId(ctx, who, record) {
      const pks = [record.id, (record.blocked_user as Json | undefined)?.id ?? record.blocked_user].filter((pk): pk is string | number => typeof pk === 'string' || typeof pk === 'number');
      for (const pk of pks) if ((await ctx.rest('blocks.get', { token: who.token, params: { id: pk } })).status === 200) return pk;
      return record.id as number;
    },
    decision: 'D-uzbekhub-38',
    quote: 'Block User → 201, Get Blocked User Detail, Unblock User → 204; `pk` is the block\'s own id.',
  },
  // §Accounts API 25-28: one status per user
  status: {
    ...familyData.resources.status,
    what: 'status', singleton: true,
    owner: (ctx) => freshUser(ctx as Ctx),
    body: () => ({ json: { content: 'Busy working' }, shows: { content: 'Busy working' } }),
    change: () => ({ json: { content: 'Available now' }, shows: { content: 'Available now' } }),
    decision: 'D-uzbekhub-39',
    quote: 'one status per user: POST → 201, GET → 200, PUT → 200, DELETE → 204, then GET → 404.',
  },
  // §Accounts API 17-19: one location per user, read back through my profile's `location` (§7)
  location: {
    ...familyData.resources.location,
    what: 'location', singleton: true,
    read: { op: 'profile.get', pick: (b) => (b.location as Json | null | undefined) },
    owner: (ctx) => freshUser(ctx as Ctx),
    body: () => ({ json: { lat: '41.2995', long: '69.2401' }, shows: { lat: '41.2995', long: '69.2401' } }),
    change: () => ({ json: { lat: '41.3111', long: '69.2797' }, shows: { lat: '41.3111', long: '69.2797' } }),
    decision: 'D-uzbekhub-37',
    quote: 'one location per user, shown as my profile\'s `location`: POST → 201, PUT → 200, DELETE → 204.',
  },
  // §Stories API 2-5
  stories: {
    ...familyData.resources.stories,
    what: 'story',
    body: () => {
      const caption = uniqueText('story');
      return { form: form({ caption, audience: 'public' }, { field: 'media', name: 'story.png', type: 'image/png', bytes: PNG }), shows: { caption } };
    },
    change: () => {
      const caption = uniqueText('caption');
      return { form: form({ caption }), shows: { caption } };
    },
    quote: '§Stories API 2-5: POST /api/stories/active/ (multipart) → 201; GET /api/stories/active/<id>/; PATCH {"caption", "audience"} → 200; DELETE → "Response (204 No Content)".',
  },
  // §Stories API 7-9: a story archived through the archiveStory hook (D-uzbekhub-45)
  archive: {
    ...familyData.resources.archive,
    what: 'archived story',
    async make(ctx, who) {
      const story = await storyOf(ctx, who);
      await ctx.hook('archiveStory', { story });
      return { id: story };
    },
    quote: '§Stories API 8-9 (Owner only).',
  },
  // §Notifications API 1-2: anyone may write and read them
  siteComments: {
    ...familyData.resources.siteComments,
    what: 'site comment',
    owner: async () => anonymous,
    body: () => {
      const content = uniqueText('site-comment');
      return { json: { content }, shows: { content } };
    },
    quote: '§Notifications API 1-2: POST /api/comments/comment {"content"} → 201 "Same as List Comments item"; GET /api/comments/comment lists it ("❌ Not required (AllowAny)").',
  },
};

const plan = familyData;

export const adapter: RestAdapter<UzState> = {
  prefix: 'uzbekhub',
  document: '004',
  member: 'owner',
  staff: 'staff',
  other: 'member',
  sections: {
    'users.get': { doc: '004 §Accounts API 15', shows: ['authn', 'notfound'] },
    'auth.refresh': { doc: '004 §Best Practices', shows: [] },
  },
  // D-uzbekhub-25: rooms, messages, posts and what hangs off them are UUIDs; the rest integers.
  idKind: (name) => (/^(rooms|members|messages|posts|likes|comments|postViews)\./.test(name) ? 'uuid' : 'integer'),
  placeholder: (param) => ({ key: 'chatconform', username: 'no-such-user-chatconform', distance: '5.0', reset_link: 'no-such-link' })[param] ?? 'x',
  quotes: {
    required: '"Authentication: ✅ Required"',
    admin: '"Authentication: ✅ Required (Admin only)"',
    none: (name) => (name.startsWith('siteComments.') ? '"Authentication: ❌ Not required (AllowAny)"' : '"Authentication: ❌ Not required"'),
    unauthorized: '401 Unauthorized {"detail": "Authentication credentials were not provided."}',
    notFound: '"404 Not Found"',
    forbidden: '403 Forbidden {"detail": "You do not have permission to perform this action."}',
  },
  readList: (ctx, op, call) => readList(ctx, op, { ...(call.who.role ? { role: call.who.role } : {}), ...(call.who.token ? { token: call.who.token } : {}), ...(call.params ? { params: call.params } : {}), ...(call.query ? { query: call.query } : {}) }),
  plainDecision: { id: 'D-uzbekhub-06', text: 'every list except list_by_room is the plain array its example shows (D-uzbekhub-48: the §Pagination envelope is the other reading, which the MUST checks take).' },
  spellingDecision: { id: 'D-uzbekhub-49', text: 'location, contact and chat message show `update_at` where status, post, comment and story show `updated_at`; either spelling passes the schema checks, the example\'s is preferred.' },
  plan,
  resources,
  owner: Object.fromEntries(Object.keys(plan.owner).map((op) => [op, op.startsWith('contacts.') ? { decision: 'D-uzbekhub-40', quote: 'someone else\'s contact is 404' } : op.startsWith('blocks.') ? { decision: 'D-uzbekhub-38', quote: 'someone else\'s block is 404' } : { quote: op === 'messages.delete' ? '"Authentication: ✅ Required (Sender only)"' : OWNER_ONLY }])),
  listCalls: {
    'members.list': async (ctx) => ({ who: owner, params: { id: fixtureRoom(ctx) } }),
    'users.search': async () => ({ who: owner, params: { key: 'e' } }),
    'location.search': async (ctx) => {
      // Two users of the check's own about a kilometre apart: each is the other's neighbour.
      const [who, near] = [await freshUser(ctx as Ctx), await freshUser(ctx as Ctx)];
      await ctx.rest('location.create', { token: who.token, json: { lat: '41.2995', long: '69.2401' } });
      await ctx.rest('location.create', { token: near.token, json: { lat: '41.3050', long: '69.2500' } });
      return { who, params: { distance: '5.0' } };
    },
    'siteComments.list': async (ctx) => {
      await ctx.rest('siteComments.create', { json: { content: uniqueText('note') } });
      return { who: anonymous };
    },
    'stories.ofUser': async (ctx) => {
      await storyOf(ctx, owner);
      return { who: member, params: { id: idOf(ctx as Ctx, 'owner') } };
    },
  },
  samples: {
    'profile.get': async () => ({ who: member }),
    'users.get': async (ctx) => ({ who: owner, params: { id: idOf(ctx as Ctx, 'member') } }),
    'users.publicProfile': async (ctx): Promise<Call> => {
      const me = await ctx.rest('profile.get', { role: 'member' });
      return { who: anonymous, params: { username: String(body(me).username) } };
    },
    'username.check': async () => ({ who: owner, query: { username: uniqueText('free').replace(/-/g, '_') } }),
    'admin.users.get': async (ctx) => ({ who: { role: 'staff', label: 'the staff user' }, params: { id: idOf(ctx as Ctx, 'member') } }),
    'messages.list': async (ctx) => ({ who: owner, params: { id: fixtureRoom(ctx) }, query: { limit: 5 } }),
  },
};

export const operationChecks: Check<UzState>[] = restFamilyChecks(loadProfile('uzbekhub'), adapter);
