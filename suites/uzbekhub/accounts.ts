// 004 §Accounts API 1, 4, 8-37 by hand: sign-up and its validation, Google login, my profile's update,
// the username check, search (blocked users hidden), user by id, public profiles, locations and the search
// by distance, blocks, status, contacts (full and partial update), admin endpoints. A check that changes a
// user does it on accounts of the run's own (accounts-support.ts), never on a fixture user. The email flows
// (email.ts) and the throttled scopes (throttles.ts) are added here, so that index.ts lists one name.
import type { Json } from '../../core/json.ts';
import { invented } from '../../core/redact.ts';
import { FormData, type HttpResponse } from '../../client/http.ts';
import { CheckBlocked, CheckSkip, type Check } from '../../harness/check.ts';
import { expectJsonBody, expectSchema, expectStatus, expectTrue, short } from '../../harness/verify.ts';
import { curlLine } from '../support.ts';
import { emailChecks } from './email.ts';
import { readList } from './lists.ts';
import { throttleChecks } from './throttles.ts';
import { body, idOf, type Ctx, type UzState } from './support.ts';
import { expectSignInRefused, freshEmail, freshPassword, freshUsername, ids, ownAccount, sharedAccount, usernameOf, type Account } from './accounts-support.ts';

/** Every status in `statuses`, each as `what` says; the ones that were not, listed. */
function expectAll(ctx: Ctx, tries: { what: string; res: HttpResponse; want: number[] }[], summary: string): void {
  const wrong = tries.filter((t) => !t.want.includes(t.res.status)).map((t) => `${t.what}: ${t.res.status} ${short(t.res.text, 80)}`);
  expectTrue(ctx, wrong.length === 0, {
    expected: tries.map((t) => `${t.what}: HTTP ${t.want.join(' or ')}`),
    observed: wrong.length ? wrong.join('; ') : tries.map((t) => `${t.what}: ${t.res.status}`).join('; '),
    pass: summary,
    fail: `${wrong.length} of ${tries.length} answered otherwise (${wrong[0]})`,
  });
}

/** The search results of `key` as `token` sees them (a plain array or the §Pagination envelope). */
async function search(ctx: Ctx, token: string, key: string): Promise<number[]> {
  const { res, items } = await readList(ctx, 'users.search', { token, params: { key } });
  if (res.status !== 200 || !items) throw new CheckBlocked({ kind: 'check', id: 'uzbekhub-account-09', reason: `search answered ${res.status}${items ? '' : ' without a list'}` });
  return ids(items);
}

/** Blocks `target` as `a`; blocked by uzbekhub-account-19 when the server takes no block. */
async function block(ctx: Ctx, a: Account, target: number): Promise<Json> {
  const res = await ctx.rest('blocks.create', { token: a.token, json: { blocked_user: target } });
  if (res.status !== 201 && res.status !== 200) throw new CheckBlocked({ kind: 'check', id: 'uzbekhub-account-19', reason: `blocking user ${target} answered ${res.status}` });
  return body(res);
}

/**
 * The `pk` a block's detail and unblock take: its own id (D-uzbekhub-38), or the blocked user's id for a
 * server reading "Blocked user ID" literally. The detail tried with each, the first that answers the block.
 */
async function blockDetail(ctx: Ctx, token: string, block: Json, blockedId: number): Promise<{ pk?: number; tried: string[] }> {
  const tried: string[] = [];
  for (const pk of [Number(block.id), blockedId]) {
    const res = await ctx.rest('blocks.get', { token, params: { id: pk } });
    tried.push(`GET block/${pk}/: ${res.status} ${short(res.text, 80)}`);
    if (res.status === 200 && Number((body(res).blocked_user as Json | undefined)?.id) === blockedId) return { pk, tried };
  }
  return { tried };
}

const multipart = (fields: Record<string, string>): FormData => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
};

/** A random place away from every other check's (its neighbours are the check's own), and one ~2 km north. */
function place(): { a: { lat: string; long: string }; b: { lat: string; long: string } } {
  const lat = -50 + Math.random() * 100;
  const long = -170 + Math.random() * 340;
  return { a: { lat: lat.toFixed(4), long: long.toFixed(4) }, b: { lat: (lat + 0.018).toFixed(4), long: long.toFixed(4) } };
}

const near = (a: unknown, b: number, tolerance: number) => typeof a === 'number' && Math.abs(a - b) <= tolerance;
const sameNumber = (a: unknown, b: string) => Number(a) === Number(b);

/** A staff user of the target file (D-uzbekhub-41), or the check is skipped: the target file may name none. */
function staffToken(ctx: Ctx): string {
  if (!ctx.env.sessions.has('staff') && !ctx.env.extras.has('staff')) {
    throw new CheckSkip('the target file names no users.staff (a user with is_staff, D-uzbekhub-41): the admin endpoints\' own answers are not checked without one');
  }
  return ctx.token('staff');
}

// The run's shared accounts (accounts-support.ts sharedAccount), each record of each used by one check only:
// p: profile fields (07), location (16), blocks of the member (19), status (21), contacts (24), and its
//    search window (throttle-01); q: location (17), blocks of the member (20), status (23), contacts (25),
//    and blocking r (11); r: status (22), contacts (26), location (18, searching); s: location (18, found),
//    blocked by and blocking t (10), the member's refused deletion (27); t: blocked by and blocking s (10).
export const accountOnlyChecks: Check<UzState>[] = [
  {
    id: 'uzbekhub-account-01',
    level: 'MUST',
    doc: '004 §Accounts API 1',
    title: 'Sign-up answers 201 {"status": true, "user": <the email>}',
    requirement: 'POST /api/accounts/auth/signup/ {"email", "password", "confirm_password"} ("❌ Not required") → 201 Created {"status": true, "user": "user@example.com"}.',
    tags: ['accounts', 'rest', 'schema'],
    async run(ctx) {
      const email = freshEmail('signup');
      const password = freshPassword(ctx);
      const json = { email, password, confirm_password: password };
      ctx.addReproduction(curlLine('POST', '/api/accounts/auth/signup/', undefined, { json }));
      const res = await ctx.rest('auth.signup', { json });
      expectStatus(ctx, res, [201], 'sign-up of a fresh address');
      expectJsonBody(ctx, res, 'uzbekhub/signup-response', 'the sign-up answer');
      expectTrue(ctx, body(res).user === email, { expected: [`"user": "${email}"`], observed: short(res.json), pass: 'the answer names the address signed up', fail: `"user" is ${JSON.stringify(body(res).user)}, not the address signed up` });
    },
  },
  {
    id: 'uzbekhub-account-02',
    level: 'MUST',
    doc: '004 §Accounts API 1',
    title: 'Sign-up refuses a short password, a confirmation that differs, an invalid email or one an account has (400)',
    requirement: '§1 Validation: "Email must be unique and valid", "Password minimum 8 characters", "Passwords must match"; §Error Responses: 400 Bad Request.',
    tags: ['accounts', 'rest', 'validation'],
    async run(ctx) {
      const password = freshPassword(ctx);
      const taken = activeEmail(ctx);
      const up = (json: Json) => ctx.rest('auth.signup', { json });
      expectAll(ctx, [
        { what: 'a password of 7 characters', res: await up({ email: freshEmail('short'), password: 'Pw-1234', confirm_password: 'Pw-1234' }), want: [400] },
        { what: 'a confirm_password that differs', res: await up({ email: freshEmail('mismatch'), password, confirm_password: `${password}x` }), want: [400] },
        { what: 'an email that is no address', res: await up({ email: 'not-an-email', password, confirm_password: password }), want: [400] },
        { what: 'the email of an existing account', res: await up({ email: taken, password, confirm_password: password }), want: [400] },
      ], 'each invalid sign-up is refused with 400');
    },
  },
  {
    id: 'uzbekhub-account-03',
    level: 'SHOULD',
    doc: '004 §Error Responses',
    decision: 'D-uzbekhub-30',
    title: 'A refused sign-up names the field in the 400 body\'s details',
    requirement: 'Decision D-uzbekhub-30: a password under 8 characters, a confirm_password that differs or a taken email is 400 in the 400 format {"error", "details": {field: [messages]}}, with the field named in `details`.',
    tags: ['accounts', 'rest', 'validation', 'errors'],
    async run(ctx) {
      const password = freshPassword(ctx);
      const taken = activeEmail(ctx);
      const tries: [string, Json, string[]][] = [
        ['a password of 7 characters', { email: freshEmail('short'), password: 'Pw-1234', confirm_password: 'Pw-1234' }, ['password', 'confirm_password']],
        ['a confirm_password that differs', { email: freshEmail('mismatch'), password, confirm_password: `${password}x` }, ['confirm_password', 'password', 'non_field_errors']],
        ['the email of an existing account', { email: taken, password, confirm_password: password }, ['email']],
      ];
      for (const [what, json, fields] of tries) {
        const res = await ctx.rest('auth.signup', { json });
        expectStatus(ctx, res, [400], what);
        expectJsonBody(ctx, res, 'uzbekhub/error-bad-request', `the 400 body for ${what}`);
        const named = Object.keys((body(res).details as Json | undefined) ?? {});
        expectTrue(ctx, fields.some((f) => named.includes(f)), { expected: [`details naming ${fields.join(' or ')}`], observed: short(res.json), pass: `${what}: details name ${named.join(', ')}`, fail: `${what}: details name ${named.join(', ') || 'nothing'}, not ${fields.join(' or ')}` });
      }
    },
  },
  {
    id: 'uzbekhub-account-04',
    level: 'SHOULD',
    doc: '004 §Accounts API 4',
    decision: 'D-uzbekhub-50',
    title: 'Google login refuses a token Google never issued, with no JWT pair',
    requirement: 'Decision D-uzbekhub-50: POST /api/accounts/auth/oauth2/google/ {"token"} answers {access, refresh} only for a token Google vouches for; a made-up token is refused (400, or 401/403) without tokens.',
    tags: ['accounts', 'rest', 'auth', 'security'],
    async run(ctx) {
      const json = { token: invented('not-a-google-token') };
      ctx.addReproduction(curlLine('POST', '/api/accounts/auth/oauth2/google/', undefined, { json }));
      const res = await ctx.rest('auth.google', { json });
      const b = body(res);
      expectTrue(ctx, [400, 401, 403].includes(res.status) && b.access === undefined && b.refresh === undefined, {
        expected: ['HTTP 400 (or 401, 403) without "access" or "refresh"'],
        observed: `HTTP ${res.status}: ${short(res.text, 160)}`,
        pass: `a made-up Google token is refused (${res.status})`,
        fail: `a made-up Google token answered ${res.status}${b.access !== undefined ? ' with a JWT pair' : ''}`,
      });
    },
  },
  {
    id: 'uzbekhub-account-05',
    level: 'MUST',
    doc: '004 §Accounts API 9',
    title: 'The username check answers false for another user\'s username and true for an unused one',
    requirement: 'GET /api/accounts/account/check/username/?username=johndoe → 200 {"available": false} ("Username mavjudligini tekshirish": is the username free).',
    tags: ['accounts', 'rest'],
    async run(ctx) {
      const taken = await usernameOf(ctx, 'member');
      const fresh = freshUsername('free');
      ctx.addReproduction(curlLine('GET', `/api/accounts/account/check/username/?username=${taken}`, 'owner'));
      const a = await ctx.rest('username.check', { role: 'owner', query: { username: taken } });
      expectStatus(ctx, a, [200], `checking "${taken}" (the member's)`);
      expectJsonBody(ctx, a, 'uzbekhub/username-check-response', 'the answer');
      const b = await ctx.rest('username.check', { role: 'owner', query: { username: fresh } });
      expectStatus(ctx, b, [200], `checking "${fresh}" (nobody's)`);
      expectTrue(ctx, body(a).available === false && body(b).available === true, {
        expected: [`"${taken}": {"available": false}`, `"${fresh}": {"available": true}`],
        observed: `"${taken}": ${short(a.json)}; "${fresh}": ${short(b.json)}`,
        pass: 'a taken username is unavailable, an unused one available',
        fail: body(a).available !== false ? `the member's username "${taken}" is answered available` : `the unused "${fresh}" is answered unavailable`,
      });
    },
  },
  {
    id: 'uzbekhub-account-06',
    level: 'SHOULD',
    doc: '004 §Accounts API 9',
    decision: 'D-uzbekhub-34',
    title: 'The username check without `username` answers 400',
    requirement: '`username` (string, required); decision D-uzbekhub-34: without it, 400.',
    tags: ['accounts', 'rest', 'validation'],
    async run(ctx) {
      const res = await ctx.rest('username.check', { role: 'owner' });
      expectStatus(ctx, res, [400], 'the username check without a username');
    },
  },
  {
    id: 'uzbekhub-account-07',
    level: 'MUST',
    doc: '004 §Accounts API 8',
    title: 'My profile\'s update (multipart/form-data) answers the whole profile and is read back',
    requirement: 'PATCH /api/accounts/account/profile/ (Content-Type multipart/form-data; all fields optional: first_name, last_name, username, bio, is_private, …) → 200 "Same as Get My Profile".',
    tags: ['accounts', 'rest', 'schema'],
    async run(ctx) {
      const me = await sharedAccount(ctx, 'p');
      const want = { first_name: 'Aziz', last_name: 'Nazarov', bio: 'Conformance tester', username: freshUsername('upd'), is_private: 'true' };
      ctx.addReproduction(curlLine('PATCH', '/api/accounts/account/profile/', undefined, { form: want }));
      const res = await ctx.rest('profile.update', { token: me.token, form: multipart(want) });
      expectStatus(ctx, res, [200], 'PATCH my profile');
      expectJsonBody(ctx, res, 'uzbekhub/profile-response', 'the updated profile');
      const back = await ctx.rest('profile.get', { token: me.token });
      const got = body(back);
      const ok = got.first_name === want.first_name && got.last_name === want.last_name && got.bio === want.bio && got.username === want.username && got.is_private === true;
      expectTrue(ctx, ok && body(res).username === want.username, {
        expected: [`first_name "${want.first_name}", last_name "${want.last_name}", bio "${want.bio}", username "${want.username}", is_private true, in the answer and read back`],
        observed: `answer: ${short(res.json, 200)}; read back: ${short(back.json, 200)}`,
        pass: 'the fields sent are answered and read back',
        fail: 'my profile read back does not show the fields sent',
      });
    },
  },
  {
    id: 'uzbekhub-account-08',
    level: 'SHOULD',
    doc: '004 §Accounts API 8',
    decision: 'D-uzbekhub-33',
    title: 'My profile\'s update refuses a username another user has (400)',
    requirement: 'Decision D-uzbekhub-33: a `username` another user has is 400.',
    tags: ['accounts', 'rest', 'validation'],
    async run(ctx) {
      // An account of its own: on a server that takes the name, no other check's account is renamed.
      const me = await ownAccount(ctx, 'rename');
      const taken = await usernameOf(ctx, 'member');
      const res = await ctx.rest('profile.update', { token: me.token, form: multipart({ username: taken }) });
      expectStatus(ctx, res, [400], `PATCH my profile with the member's username "${taken}"`);
    },
  },
  {
    id: 'uzbekhub-account-09',
    level: 'MUST',
    doc: '004 §Accounts API 14',
    title: 'Search by a username lists that user, as user objects',
    requirement: 'GET /api/accounts/account/search/<key>/ ("Username, ism yoki familiya bo\'yicha qidirish": by username, first or last name) → 200 [{"id", "first_name", "last_name", "username", "bio", …}].',
    tags: ['accounts', 'rest', 'schema', 'search'],
    async run(ctx) {
      const key = await usernameOf(ctx, 'member');
      const member = idOf(ctx, 'member');
      ctx.addReproduction(curlLine('GET', `/api/accounts/account/search/${key}/`, 'owner'));
      const { res, items } = await readList(ctx, 'users.search', { role: 'owner', params: { key } });
      expectStatus(ctx, res, [200], `searching "${key}"`);
      expectSchema(ctx, 'uzbekhub/user-list-response', items, 'the search results');
      expectTrue(ctx, ids(items).includes(member), { expected: [`user ${member} (the member) listed`], observed: short(ids(items)), pass: 'the member is found by username', fail: `searching the member's username "${key}" does not list user ${member}` });
    },
  },
  {
    id: 'uzbekhub-account-10',
    level: 'MUST',
    doc: '004 §Accounts API 14',
    title: 'Two users who blocked each other do not find each other by search',
    requirement: '§14 Note: "Bloklagan foydalanuvchilar natijada ko\'rinmaydi" (blocked users do not appear in the results): with each blocking the other, every reading hides the pair.',
    tags: ['accounts', 'rest', 'search', 'blocks'],
    async run(ctx) {
      const [a, b] = await Promise.all([sharedAccount(ctx, 't'), sharedAccount(ctx, 's')]);
      if (!(await search(ctx, a.token, b.username)).includes(b.id)) throw new CheckBlocked({ kind: 'check', id: 'uzbekhub-account-09', reason: `searching "${b.username}" does not list that user even before any block` });
      await block(ctx, a, b.id);
      await block(ctx, b, a.id);
      const [ab, ba] = [await search(ctx, a.token, b.username), await search(ctx, b.token, a.username)];
      expectTrue(ctx, !ab.includes(b.id) && !ba.includes(a.id), {
        expected: [`user ${b.id} not in the search of user ${a.id}, and the other way round`],
        observed: `${a.id} searching "${b.username}": ${short(ab)}; ${b.id} searching "${a.username}": ${short(ba)}`,
        pass: 'the pair that blocked each other is hidden both ways',
        fail: 'a user blocked both ways still appears in search',
      });
    },
  },
  {
    id: 'uzbekhub-account-11',
    level: 'SHOULD',
    doc: '004 §Accounts API 14',
    decision: 'D-uzbekhub-35',
    title: 'One block hides both users from each other\'s search',
    requirement: 'Decision D-uzbekhub-35: "Bloklagan foydalanuvchilar natijada ko\'rinmaydi" reads either way, so both directions are hidden: neither the user I blocked nor the one who blocked me appears.',
    tags: ['accounts', 'rest', 'search', 'blocks'],
    async run(ctx) {
      const [a, b] = await Promise.all([sharedAccount(ctx, 'q'), sharedAccount(ctx, 'r')]);
      await block(ctx, a, b.id);
      const [ab, ba] = [await search(ctx, a.token, b.username), await search(ctx, b.token, a.username)];
      expectTrue(ctx, !ab.includes(b.id) && !ba.includes(a.id), {
        expected: [`user ${a.id} blocked ${b.id}: neither finds the other`],
        observed: `the blocker searching: ${short(ab)}; the blocked searching: ${short(ba)}`,
        pass: 'one block hides both directions',
        fail: ab.includes(b.id) ? 'the user I blocked still appears in my search' : 'the user who blocked me still appears in my search',
      });
    },
  },
  {
    id: 'uzbekhub-account-12',
    level: 'MUST',
    doc: '004 §Accounts API 15',
    title: 'A user by id answers that user',
    requirement: 'GET /api/accounts/account/user/<pk>/ → 200 "Same structure as Search Users response" (one user object, or a search result holding it).',
    tags: ['accounts', 'rest', 'schema'],
    async run(ctx) {
      const member = idOf(ctx, 'member');
      ctx.addReproduction(curlLine('GET', `/api/accounts/account/user/${member}/`, 'owner'));
      const res = await ctx.rest('users.get', { role: 'owner', params: { id: member } });
      expectStatus(ctx, res, [200], `user ${member} by id`);
      const user = Array.isArray(res.json) ? (res.json as Json[])[0] : res.json;
      expectSchema(ctx, 'uzbekhub/user', user, 'the user answered');
      expectTrue(ctx, (user as Json).id === member, { expected: [`id ${member}`], observed: short(res.json), pass: 'the user asked for', fail: `the answer is user ${String((user as Json).id)}, not ${member}` });
    },
  },
  {
    id: 'uzbekhub-account-13',
    level: 'SHOULD',
    doc: '004 §Accounts API 15',
    decision: 'D-uzbekhub-14',
    title: 'A user by id is one object, not an array',
    requirement: 'Decision D-uzbekhub-14: "Same structure as Search Users response" means a search item: one user object, not an array.',
    tags: ['accounts', 'rest', 'schema'],
    async run(ctx) {
      const res = await ctx.rest('users.get', { role: 'owner', params: { id: idOf(ctx, 'member') } });
      expectStatus(ctx, res, [200], 'a user by id');
      expectJsonBody(ctx, res, 'uzbekhub/user', 'the user answered');
    },
  },
  {
    id: 'uzbekhub-account-14',
    level: 'MUST',
    doc: '004 §Accounts API 16',
    title: 'A public profile is answered without a token, in §16\'s shape',
    requirement: 'GET /api/accounts/account/profile/<username>/ ("❌ Not required") → 200 {"id", "first_name", "last_name", "username", "bio", "profile_picture", "is_private", "date_joined"}.',
    tags: ['accounts', 'rest', 'schema', 'auth'],
    async run(ctx) {
      const name = await usernameOf(ctx, 'member');
      ctx.addReproduction(curlLine('GET', `/api/accounts/account/profile/${name}/`));
      const res = await ctx.rest('users.publicProfile', { params: { username: name } });
      expectStatus(ctx, res, [200], `the public profile of "${name}" without a token`);
      expectJsonBody(ctx, res, 'uzbekhub/public-profile-response', 'the public profile');
      expectTrue(ctx, body(res).id === idOf(ctx, 'member') && body(res).username === name, { expected: [`id ${idOf(ctx, 'member')}, username "${name}"`], observed: short(res.json), pass: 'the member\'s public profile', fail: 'the public profile is not the member\'s' });
    },
  },
  {
    id: 'uzbekhub-account-15',
    level: 'SHOULD',
    doc: '004 §Accounts API 16',
    decision: 'D-uzbekhub-36',
    title: 'The public profile of an unknown username answers 404',
    requirement: 'Decision D-uzbekhub-36: an unknown username is 404.',
    tags: ['accounts', 'rest', 'errors'],
    async run(ctx) {
      const res = await ctx.rest('users.publicProfile', { params: { username: freshUsername('nobody') } });
      expectStatus(ctx, res, [404], 'the public profile of a username nobody has');
    },
  },
  {
    id: 'uzbekhub-account-16',
    level: 'MUST',
    doc: '004 §Accounts API 17',
    title: 'My location is created (201), updated (200) and deleted (204)',
    requirement: 'POST /api/accounts/account/location/ {"lat": "41.2995", "long": "69.2401"} → 201 {"id", "owner", "lat", "long", "country", "city", …}; PUT {"lat": "41.3111", "long": "69.2797"} → 200 "Same as Create Location"; DELETE → 204.',
    tags: ['accounts', 'rest', 'schema', 'location'],
    async run(ctx) {
      const me = await sharedAccount(ctx, 'p');
      const first = { lat: '41.2995', long: '69.2401' };
      const second = { lat: '41.3111', long: '69.2797' };
      ctx.addReproduction(curlLine('POST', '/api/accounts/account/location/', undefined, { json: first }));
      const created = await ctx.rest('location.create', { token: me.token, json: first });
      expectStatus(ctx, created, [201], 'creating my location');
      expectJsonBody(ctx, created, 'uzbekhub/location-response', 'the location');
      const c = body(created);
      expectTrue(ctx, c.owner === me.id && sameNumber(c.lat, first.lat) && sameNumber(c.long, first.long), { expected: [`owner ${me.id}, lat ${first.lat}, long ${first.long}`], observed: short(c), pass: 'the location is mine, at the coordinates sent', fail: 'the created location differs from the request (owner or coordinates)' });
      const updated = await ctx.rest('location.update', { token: me.token, json: second });
      expectStatus(ctx, updated, [200], 'updating my location');
      expectJsonBody(ctx, updated, 'uzbekhub/location-response', 'the updated location');
      const u = body(updated);
      expectTrue(ctx, sameNumber(u.lat, second.lat) && sameNumber(u.long, second.long), { expected: [`lat ${second.lat}, long ${second.long}`], observed: short(u), pass: 'the location moved', fail: `PUT answered lat ${String(u.lat)}, long ${String(u.long)}, not the coordinates sent` });
      expectStatus(ctx, await ctx.rest('location.delete', { token: me.token }), [204], 'deleting my location');
    },
  },
  {
    id: 'uzbekhub-account-17',
    level: 'SHOULD',
    doc: '004 §Accounts API 17',
    decision: 'D-uzbekhub-37',
    title: 'One location per user: a second POST is 400; PUT and DELETE without one are 404',
    requirement: 'Decision D-uzbekhub-37: one location per user; POST when one exists is 400, PUT or DELETE without one is 404.',
    tags: ['accounts', 'rest', 'location'],
    async run(ctx) {
      const me = await sharedAccount(ctx, 'q');
      const at = { lat: '41.2995', long: '69.2401' };
      const created = await ctx.rest('location.create', { token: me.token, json: at });
      if (created.status !== 201) throw new CheckBlocked({ kind: 'check', id: 'uzbekhub-account-16', reason: `creating a location answered ${created.status}` });
      const again = await ctx.rest('location.create', { token: me.token, json: at });
      const deleted = await ctx.rest('location.delete', { token: me.token });
      expectAll(ctx, [
        { what: 'a second POST', res: again, want: [400] },
        { what: 'DELETE', res: deleted, want: [204] },
        { what: 'PUT without a location', res: await ctx.rest('location.update', { token: me.token, json: at }), want: [404] },
        { what: 'DELETE without a location', res: await ctx.rest('location.delete', { token: me.token }), want: [404] },
      ], 'one location per user');
    },
  },
  {
    id: 'uzbekhub-account-18',
    level: 'MUST',
    doc: '004 §Accounts API 20',
    title: 'Search by location lists a user 2 km away within 5 km, with its distance, and not within 1 km',
    requirement: 'GET /api/accounts/account/location/<distance>/ (`distance` (float): Masofa (km)) → 200 [{"id", "first_name", "last_name", "username", "bio", "profile_picture", "distance": 2.5}]: "Yaqin atrofdagi foydalanuvchilarni qidirish" (users nearby).',
    tags: ['accounts', 'rest', 'schema', 'location'],
    async run(ctx) {
      const [a, b] = await Promise.all([sharedAccount(ctx, 'r'), sharedAccount(ctx, 's')]);
      const spot = place();
      for (const [who, at] of [[a, spot.a], [b, spot.b]] as const) {
        const res = await ctx.rest('location.create', { token: who.token, json: at });
        if (res.status !== 201) throw new CheckBlocked({ kind: 'check', id: 'uzbekhub-account-16', reason: `creating a location answered ${res.status}` });
      }
      ctx.addReproduction(curlLine('GET', '/api/accounts/account/location/5.0/'));
      const wide = await readList(ctx, 'location.search', { token: a.token, params: { distance: '5.0' } });
      expectStatus(ctx, wide.res, [200], 'searching within 5 km');
      expectSchema(ctx, 'uzbekhub/nearby-user-list-response', wide.items, 'the users nearby');
      const hit = (wide.items ?? []).find((u) => u.id === b.id);
      expectTrue(ctx, hit !== undefined && near(hit.distance, 2.0, 0.25), { expected: [`user ${b.id} listed with "distance" ≈ 2.0 (km)`], observed: short(wide.items), pass: `the user 2 km away is listed at ${String(hit?.distance)} km`, fail: hit ? `the user 2 km away is listed with distance ${String(hit.distance)}` : 'the user 2 km away is not listed within 5 km' });
      const narrow = await readList(ctx, 'location.search', { token: a.token, params: { distance: '1.0' } });
      expectStatus(ctx, narrow.res, [200], 'searching within 1 km');
      expectTrue(ctx, !ids(narrow.items).includes(b.id), { expected: [`user ${b.id} (2 km away) not listed within 1 km`], observed: short(narrow.items), pass: 'the user 2 km away is outside 1 km', fail: 'the user 2 km away is listed within 1 km' });
    },
  },
  {
    id: 'uzbekhub-account-19',
    level: 'MUST',
    doc: '004 §Accounts API 21',
    title: 'Blocking: the block is created (201), listed, shown, and removed by unblocking (204)',
    requirement: 'POST /api/accounts/account/block/ {"blocked_user": 3} → 201 {"id", "user", "blocked_user": {"id", "username", "full_name", "profile_picture"}, "created_at"}; GET block/ lists it; GET block/<pk>/ → 200; DELETE block/<pk>/ → 204 (Foydalanuvchini blokdan chiqarish: unblock).',
    tags: ['accounts', 'rest', 'schema', 'blocks'],
    async run(ctx) {
      const me = await sharedAccount(ctx, 'p');
      const member = idOf(ctx, 'member');
      ctx.addReproduction(curlLine('POST', '/api/accounts/account/block/', undefined, { json: { blocked_user: member } }));
      const created = await ctx.rest('blocks.create', { token: me.token, json: { blocked_user: member } });
      expectStatus(ctx, created, [201], 'blocking the member');
      expectJsonBody(ctx, created, 'uzbekhub/block', 'the block');
      const b = body(created);
      expectTrue(ctx, b.user === me.id && (b.blocked_user as Json | undefined)?.id === member, { expected: [`user ${me.id}, blocked_user.id ${member}`], observed: short(b), pass: 'the block is mine, of the member', fail: 'the block answered is not mine of the member' });
      const blockedIds = async () => ((await readList(ctx, 'blocks.list', { token: me.token })).items ?? []).map((x) => Number((x.blocked_user as Json | undefined)?.id));
      const before = await blockedIds();
      expectTrue(ctx, before.includes(member), { expected: [`the list holds a block of user ${member}`], observed: short(before), pass: 'the block is listed', fail: 'the block is not in my list' });
      const { pk, tried } = await blockDetail(ctx, me.token, b, member);
      expectTrue(ctx, pk !== undefined, { expected: ['GET block/<pk>/ → 200 with the block (pk its id, or the blocked user\'s)'], observed: tried.join('; '), pass: `the block's detail answers at pk ${pk}`, fail: 'the block\'s detail answers neither at its id nor at the blocked user\'s' });
      expectStatus(ctx, await ctx.rest('blocks.delete', { token: me.token, params: { id: pk! } }), [204], 'unblocking');
      const after = await blockedIds();
      expectTrue(ctx, !after.includes(member), { expected: [`no block of user ${member} listed after unblocking`], observed: short(after), pass: 'unblocked', fail: 'the block is still listed after DELETE' });
    },
  },
  {
    id: 'uzbekhub-account-20',
    level: 'SHOULD',
    doc: '004 §Accounts API 22',
    decision: 'D-uzbekhub-38',
    title: 'Blocking oneself or the same user twice is 400; someone else\'s block is 404',
    requirement: 'Decision D-uzbekhub-38: blocking oneself or the same user twice is 400; someone else\'s block is 404.',
    tags: ['accounts', 'rest', 'blocks', 'validation'],
    async run(ctx) {
      const me = await sharedAccount(ctx, 'q');
      const member = idOf(ctx, 'member');
      const first = await block(ctx, me, member);
      expectAll(ctx, [
        { what: 'blocking oneself', res: await ctx.rest('blocks.create', { token: me.token, json: { blocked_user: me.id } }), want: [400] },
        { what: 'blocking the member again', res: await ctx.rest('blocks.create', { token: me.token, json: { blocked_user: member } }), want: [400] },
        { what: 'the outsider reading my block', res: await ctx.rest('blocks.get', { role: 'outsider', params: { id: Number(first.id) } }), want: [404] },
      ], 'the block rules hold');
    },
  },
  {
    id: 'uzbekhub-account-21',
    level: 'MUST',
    doc: '004 §Accounts API 25',
    title: 'My status is created (201), read, updated (200) and deleted (204)',
    requirement: 'POST /api/accounts/account/status/ {"content": "Busy working"} → 201 {"id", "user", "content", "created_at", "updated_at"}; GET → 200; PUT {"content": "Available now"} → 200; DELETE → 204.',
    tags: ['accounts', 'rest', 'schema', 'status'],
    async run(ctx) {
      const me = await sharedAccount(ctx, 'p');
      ctx.addReproduction(curlLine('POST', '/api/accounts/account/status/', undefined, { json: { content: 'Busy working' } }));
      const created = await ctx.rest('status.create', { token: me.token, json: { content: 'Busy working' } });
      expectStatus(ctx, created, [201], 'creating my status');
      expectJsonBody(ctx, created, 'uzbekhub/status-response', 'the status');
      expectTrue(ctx, body(created).user === me.id && body(created).content === 'Busy working', { expected: [`user ${me.id}, content "Busy working"`], observed: short(created.json), pass: 'my status as sent', fail: 'the status answered is not mine as sent' });
      const read = await ctx.rest('status.get', { token: me.token });
      expectStatus(ctx, read, [200], 'reading my status');
      const updated = await ctx.rest('status.update', { token: me.token, json: { content: 'Available now' } });
      expectStatus(ctx, updated, [200], 'updating my status');
      const again = await ctx.rest('status.get', { token: me.token });
      expectTrue(ctx, body(updated).content === 'Available now' && body(again).content === 'Available now', { expected: ['"content": "Available now" answered and read back'], observed: `PUT: ${short(updated.json, 120)}; GET: ${short(again.json, 120)}`, pass: 'the status was updated', fail: 'the updated content is not read back' });
      expectStatus(ctx, await ctx.rest('status.delete', { token: me.token }), [204], 'deleting my status');
    },
  },
  {
    id: 'uzbekhub-account-22',
    level: 'MUST',
    doc: '004 §Accounts API 26',
    title: 'A status of 56 characters is refused (400); one of 55 is created',
    requirement: '§26 Validation: "Content max 55 characters"; §Error Responses: 400 Bad Request.',
    tags: ['accounts', 'rest', 'validation', 'status'],
    async run(ctx) {
      const me = await sharedAccount(ctx, 'r');
      const long = await ctx.rest('status.create', { token: me.token, json: { content: 'x'.repeat(56) } });
      expectStatus(ctx, long, [400], 'a status of 56 characters');
      const ok = await ctx.rest('status.create', { token: me.token, json: { content: 'y'.repeat(55) } });
      expectStatus(ctx, ok, [201], 'a status of 55 characters');
    },
  },
  {
    id: 'uzbekhub-account-23',
    level: 'SHOULD',
    doc: '004 §Accounts API 25',
    decision: 'D-uzbekhub-39',
    title: 'One status per user: none is 404, a second POST is 400, and my profile shows it',
    requirement: 'Decision D-uzbekhub-39: GET without a status is 404; POST when one exists is 400; my profile\'s `status` shows it (§7).',
    tags: ['accounts', 'rest', 'status'],
    async run(ctx) {
      const me = await sharedAccount(ctx, 'q');
      const none = await ctx.rest('status.get', { token: me.token });
      const first = await ctx.rest('status.create', { token: me.token, json: { content: 'First' } });
      const second = await ctx.rest('status.create', { token: me.token, json: { content: 'Second' } });
      expectAll(ctx, [
        { what: 'GET before any status', res: none, want: [404] },
        { what: 'the first POST', res: first, want: [201] },
        { what: 'a second POST', res: second, want: [400] },
      ], 'one status per user');
      const profile = await ctx.rest('profile.get', { token: me.token });
      const shown = (body(profile).status as Json | null | undefined)?.content;
      expectTrue(ctx, shown === 'First', { expected: ['my profile\'s status.content "First"'], observed: short(body(profile).status), pass: 'my profile shows my status', fail: `my profile's status is ${short(body(profile).status, 80)}` });
    },
  },
  {
    id: 'uzbekhub-account-24',
    level: 'MUST',
    doc: '004 §Accounts API 29',
    title: 'A contact is added (201), listed, shown, and deleted (204, then 404)',
    requirement: 'POST /api/accounts/account/contact/ {"contact": 2, "nikname": "Best Friend"} → 201 {"id", "owner", "contact", "nikname", "created_at", "update_at"}; GET contact/ lists it; GET contact/<pk>/ → 200; DELETE → 204; §Error Responses 404 afterwards.',
    tags: ['accounts', 'rest', 'schema', 'contacts'],
    async run(ctx) {
      const me = await sharedAccount(ctx, 'p');
      const member = idOf(ctx, 'member');
      const json = { contact: member, nikname: 'Best Friend' };
      ctx.addReproduction(curlLine('POST', '/api/accounts/account/contact/', undefined, { json }));
      const created = await ctx.rest('contacts.create', { token: me.token, json });
      expectStatus(ctx, created, [201], 'adding the member as a contact');
      expectJsonBody(ctx, created, 'uzbekhub/contact', 'the contact');
      const c = body(created);
      expectTrue(ctx, c.owner === me.id && c.contact === member && c.nikname === 'Best Friend', { expected: [`owner ${me.id}, contact ${member}, nikname "Best Friend"`], observed: short(c), pass: 'my contact as sent', fail: 'the contact answered differs from the request' });
      const id = Number(c.id);
      expectTrue(ctx, ids((await readList(ctx, 'contacts.list', { token: me.token })).items).includes(id), { expected: [`contact ${id} listed`], observed: 'my contacts', pass: 'the contact is listed', fail: 'the contact is not in my list' });
      expectStatus(ctx, await ctx.rest('contacts.get', { token: me.token, params: { id } }), [200], 'the contact\'s detail');
      expectStatus(ctx, await ctx.rest('contacts.delete', { token: me.token, params: { id } }), [204], 'deleting the contact');
      expectStatus(ctx, await ctx.rest('contacts.get', { token: me.token, params: { id } }), [404], 'the deleted contact');
    },
  },
  {
    id: 'uzbekhub-account-25',
    level: 'MUST',
    doc: '004 §Accounts API 32',
    title: 'A contact is fully updated with PUT and partly with PATCH',
    requirement: 'PUT /api/accounts/account/contact/<pk>/ {"contact": 2, "nikname": "Updated Nickname"} → 200 (Kontaktni to\'liq yangilash: full update); PATCH {"nikname": "Updated Nickname"} → 200 (qisman: partial), "Same as Get Contacts item".',
    tags: ['accounts', 'rest', 'schema', 'contacts'],
    async run(ctx) {
      const me = await sharedAccount(ctx, 'q');
      const [member, admin] = [idOf(ctx, 'member'), idOf(ctx, 'admin')];
      const created = await ctx.rest('contacts.create', { token: me.token, json: { contact: member, nikname: 'First' } });
      if (created.status !== 201) throw new CheckBlocked({ kind: 'check', id: 'uzbekhub-account-24', reason: `adding a contact answered ${created.status}` });
      const id = Number(body(created).id);
      const put = await ctx.rest('contacts.update', { token: me.token, params: { id }, json: { contact: admin, nikname: 'Full' } });
      expectStatus(ctx, put, [200], 'PUT of the contact');
      expectJsonBody(ctx, put, 'uzbekhub/contact', 'the contact after PUT');
      expectTrue(ctx, body(put).contact === admin && body(put).nikname === 'Full', { expected: [`contact ${admin}, nikname "Full"`], observed: short(put.json), pass: 'PUT replaced both fields', fail: 'PUT did not replace the fields sent' });
      const patch = await ctx.rest('contacts.patch', { token: me.token, params: { id }, json: { nikname: 'Partial' } });
      expectStatus(ctx, patch, [200], 'PATCH of the contact');
      const read = await ctx.rest('contacts.get', { token: me.token, params: { id } });
      expectTrue(ctx, body(read).contact === admin && body(read).nikname === 'Partial', { expected: [`read back: contact ${admin} (kept), nikname "Partial"`], observed: short(read.json), pass: 'PATCH changed the nikname only', fail: 'after PATCH the contact does not read back with the new nikname and the same contact' });
    },
  },
  {
    id: 'uzbekhub-account-26',
    level: 'SHOULD',
    doc: '004 §Accounts API 30',
    decision: 'D-uzbekhub-40',
    title: 'A contact is someone else, once; someone else\'s contact is 404',
    requirement: 'Decision D-uzbekhub-40: `contact` is an existing user other than the caller, once per owner (else 400); someone else\'s contact is 404.',
    tags: ['accounts', 'rest', 'contacts', 'validation'],
    async run(ctx) {
      const me = await sharedAccount(ctx, 'r');
      const member = idOf(ctx, 'member');
      const first = await ctx.rest('contacts.create', { token: me.token, json: { contact: member, nikname: 'Once' } });
      if (first.status !== 201) throw new CheckBlocked({ kind: 'check', id: 'uzbekhub-account-24', reason: `adding a contact answered ${first.status}` });
      expectAll(ctx, [
        { what: 'myself as a contact', res: await ctx.rest('contacts.create', { token: me.token, json: { contact: me.id, nikname: 'Me' } }), want: [400] },
        { what: 'the member a second time', res: await ctx.rest('contacts.create', { token: me.token, json: { contact: member, nikname: 'Twice' } }), want: [400] },
        { what: 'the outsider reading my contact', res: await ctx.rest('contacts.get', { role: 'outsider', params: { id: Number(body(first).id) } }), want: [404] },
      ], 'the contact rules hold');
    },
  },
  {
    id: 'uzbekhub-account-27',
    level: 'MUST',
    doc: '004 §Accounts API 35',
    title: 'The admin endpoints refuse a user who is not an admin (403 {"detail"}, or 404) and change nothing',
    requirement: 'GET /api/accounts/admin/user/, GET and DELETE admin/user/<pk>/ are "✅ Required (Admin only)" ("faqat adminlar uchun": for admins only); §Error Responses 403 {"detail": "You do not have permission to perform this action."} (a server hiding them answers 404, as D-uzbekhub-28 accepts for what is not the caller\'s).',
    tags: ['accounts', 'rest', 'admin', 'security'],
    async run(ctx) {
      // The one deletion tried is of an account of the run's own (a fixture user is never put at risk); without the hook, of an id nobody has.
      const target = ctx.env.hooks.emailCode ? await sharedAccount(ctx, 's') : undefined;
      const victim = target?.id ?? 2_000_000_001;
      ctx.addReproduction(curlLine('GET', '/api/accounts/admin/user/', 'member'));
      const tries = [
        { what: 'the user list as the member', res: await ctx.rest('admin.users.list', { role: 'member' }), want: [403, 404] },
        { what: 'a user as the member', res: await ctx.rest('admin.users.get', { role: 'member', params: { id: idOf(ctx, 'outsider') } }), want: [403, 404] },
        { what: `DELETE of user ${victim} as the member`, res: await ctx.rest('admin.users.delete', { role: 'member', params: { id: victim } }), want: [403, 404] },
      ];
      expectAll(ctx, tries, 'every admin endpoint refuses the member');
      for (const t of tries) if (t.res.status === 403) expectJsonBody(ctx, t.res, 'uzbekhub/error-detail', `the 403 body of ${t.what}`);
      if (target) {
        const alive = await ctx.rest('profile.get', { token: target.token });
        expectStatus(ctx, alive, [200], 'the account the member tried to delete still answers its profile');
      }
    },
  },
  {
    id: 'uzbekhub-account-28',
    level: 'SHOULD',
    doc: '004 §Accounts API 35',
    decision: 'D-uzbekhub-41',
    title: 'A staff user lists the users and reads one',
    requirement: 'Decision D-uzbekhub-41 (an admin is a staff user, is_staff): GET /api/accounts/admin/user/ → 200 "Array of user objects"; GET admin/user/<pk>/ → 200 the user. Skipped when the target file names no users.staff.',
    tags: ['accounts', 'rest', 'admin', 'schema'],
    async run(ctx) {
      const token = staffToken(ctx);
      const [owner, member] = [idOf(ctx, 'owner'), idOf(ctx, 'member')];
      const { res, items } = await readList(ctx, 'admin.users.list', { token });
      expectStatus(ctx, res, [200], 'the user list as staff');
      expectSchema(ctx, 'uzbekhub/user-list-response', items, 'the user list');
      expectTrue(ctx, [owner, member].every((id) => ids(items).includes(id)), { expected: [`users ${owner} and ${member} listed`], observed: short(ids(items)), pass: 'the fixture users are listed', fail: 'the user list lacks fixture users' });
      const one = await ctx.rest('admin.users.get', { token, params: { id: member } });
      expectStatus(ctx, one, [200], `user ${member} as staff`);
      expectTrue(ctx, body(one).id === member, { expected: [`id ${member}`], observed: short(one.json), pass: 'the user asked for', fail: 'the user answered is another' });
    },
  },
  {
    id: 'uzbekhub-account-29',
    level: 'SHOULD',
    doc: '004 §Accounts API 37',
    decision: 'D-uzbekhub-41',
    title: 'A staff user deletes a user (204): the account is gone and cannot sign in',
    requirement: 'Decision D-uzbekhub-41: DELETE /api/accounts/admin/user/<pk>/ by staff → 204; afterwards the user answers 404 and cannot sign in. Skipped without users.staff or hooks.emailCode (the deleted account is one of the check\'s own).',
    tags: ['accounts', 'rest', 'admin'],
    async run(ctx) {
      const token = staffToken(ctx);
      const victim = await ownAccount(ctx, 'doomed');
      expectStatus(ctx, await ctx.rest('admin.users.delete', { token, params: { id: victim.id } }), [204], 'deleting an account as staff');
      expectStatus(ctx, await ctx.rest('admin.users.get', { token, params: { id: victim.id } }), [404], 'the deleted account');
      await expectSignInRefused(ctx, victim.email, victim.password, 'sign-in of the deleted account');
    },
  },
];

/**
 * The email of an active account (the member's): what "Email must be unique" refuses under every reading.
 * An address still waiting for its code may be refused or sent a new code (D-uzbekhub-30): not judged.
 */
function activeEmail(ctx: Ctx): string {
  const email = ctx.env.extras.get('member')?.credentials?.email;
  if (typeof email !== 'string') throw new CheckBlocked({ kind: 'prerequisite', id: 'login:member', reason: 'the target file gives the member no email credential' });
  return email;
}

export const accountChecks: Check<UzState>[] = [...accountOnlyChecks, ...emailChecks, ...throttleChecks];
