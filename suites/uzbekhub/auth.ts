// 004 §Authentication, §Accounts API 3 and 7: sign-in, my profile (where a client learns its id), and 401
// {"detail"} from every chat operation for a token that authenticates nobody, a tampered signature included
// (§Error Responses 401). A request without a token is the generated authn family's (operations.ts).
import type { Json } from '../../core/json.ts';
import { invented } from '../../core/redact.ts';
import type { Check } from '../../harness/check.ts';
import { expectJsonBody, expectStatus, expectTrue, short } from '../../harness/verify.ts';
import { forge } from '../families/index.ts';
import { curlLine } from '../support.ts';
import { families as f } from './families.ts';
import { body, fixtureRoom, smallFile, type Ctx, type UzState } from './support.ts';

/** The 19 operations of 004 §Chat API, each marked "✅ Required", with a request that is otherwise well-formed. */
export function chatRequests(ctx: Ctx): { op: string; params?: Record<string, string | number>; json?: unknown; form?: () => ReturnType<typeof smallFile> }[] {
  const room = fixtureRoom(ctx);
  const someone = { user_id: 4 };
  return [
    { op: 'rooms.list' },
    { op: 'rooms.create', json: { room_type: 'group', name: 'Unauthorized', members: [1] } },
    { op: 'rooms.get', params: { id: room } },
    { op: 'rooms.update', params: { id: room }, json: { name: 'Unauthorized' } },
    { op: 'rooms.delete', params: { id: room } },
    { op: 'rooms.clearMessages', params: { id: room } },
    { op: 'members.list', params: { id: room } },
    { op: 'members.join', params: { id: room } },
    { op: 'members.leave', params: { id: room } },
    { op: 'members.setAdmin', params: { id: room }, json: someone },
    { op: 'members.removeAdmin', params: { id: room }, json: someone },
    { op: 'members.transferOwner', params: { id: room }, json: someone },
    { op: 'members.add', params: { id: room }, json: someone },
    { op: 'members.remove', params: { id: room }, json: someone },
    { op: 'messages.list', params: { id: room } },
    { op: 'messages.delete', params: { id: '00000000-0000-4000-8000-000000000000' } },
    { op: 'files.list' },
    { op: 'files.upload', form: () => smallFile('unauthorized') },
    { op: 'files.delete', params: { id: 1 } },
  ];
}

/** Every chat operation with `token` (null: none) answers 401 {"detail"}; the operations that did not, listed. */
async function all401(ctx: Ctx, token: string | null, what: string): Promise<void> {
  const wrong: string[] = [];
  for (const r of chatRequests(ctx)) {
    const res = await ctx.rest(r.op, { ...(token ? { token } : {}), ...(r.params ? { params: r.params } : {}), ...(r.json !== undefined ? { json: r.json } : {}), ...(r.form ? { form: r.form() } : {}) });
    const detail = typeof body(res).detail === 'string';
    if (res.status !== 401 || !detail) wrong.push(`${r.op}: ${res.status} ${short(res.text, 80)}`);
  }
  expectTrue(ctx, wrong.length === 0, {
    expected: ['HTTP 401 {"detail": "…"} from each of the 19 chat operations'],
    observed: wrong.length ? wrong.join('; ') : 'all 19 answered 401 {"detail"}',
    pass: `all 19 chat operations refuse ${what} with 401 {"detail"}`,
    fail: `${wrong.length} of 19 chat operations did not answer ${what} with 401 {"detail"} (${wrong[0]})`,
  });
}

export const authChecks: Check<UzState>[] = [
  f.login,
  f['wrong-password'],
  f.refresh,
  {
    id: 'uzbekhub-auth-04',
    level: 'MUST',
    doc: '004 §Accounts API 7',
    title: 'My profile answers the caller\'s profile, with its integer id',
    requirement: 'GET /api/accounts/account/profile/ ("✅ Required") → 200 {"id": 1, "first_name", "last_name", "email", "username", …}: where a client learns its user id.',
    tags: ['auth', 'rest', 'schema'],
    async run(ctx) {
      ctx.addReproduction(curlLine('GET', '/api/accounts/account/profile/', 'member'));
      const res = await ctx.rest('profile.get', { role: 'member' });
      expectStatus(ctx, res, [200], 'my profile as the member');
      expectJsonBody(ctx, res, 'uzbekhub/profile-response', 'my profile');
      const given = ctx.user('member').id;
      if (given !== undefined) {
        expectTrue(ctx, String((res.json as Json).id) === String(given), { expected: [`id ${given} (the target file's)`], observed: `id ${String((res.json as Json).id)}`, pass: 'the profile is the caller\'s', fail: 'the profile answered is not the caller\'s' });
      }
    },
  },
  {
    id: 'uzbekhub-auth-06',
    level: 'MUST',
    doc: '004 §Authentication',
    title: 'Every chat operation answers 401 {"detail"} to a token that is not a valid JWT of the server',
    requirement: '"Authorization: Bearer <access_token>"; §Error Responses: 401 Unauthorized {"detail"} — a made-up token and one whose signature was tampered with authenticate nobody.',
    tags: ['auth', 'rest', 'errors', 'security'],
    async run(ctx) {
      await all401(ctx, invented('not-a-jwt'), 'the token "not-a-jwt"');
      const forged = forge(ctx.token('member'));
      if (forged) {
        ctx.env.redactor.add(forged);
        await all401(ctx, forged, 'a token whose signature was tampered with');
      }
    },
  },
];
