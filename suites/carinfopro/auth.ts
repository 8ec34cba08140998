// 003 §Auth: owners use a JWT access token (obtained per D-carinfopro-01, SimpleJWT); only a valid,
// unexpired access token authenticates, on REST and on the socket alike. Login, wrong password and
// refresh are the shared families' (families.ts).
import type { Check } from '../../harness/check.ts';
import { refreshToken } from '../login.ts';
import { families as f } from './families.ts';
import { CheckSkip } from '../../harness/check.ts';
import { expectDenied, expectStatus } from '../../harness/verify.ts';
import { chatPath } from '../support.ts';
import { fixtureRoom, type CarinfoproState, type Ctx } from './support.ts';

/** `token` is refused on REST (rooms list) and on the owner's socket. */
async function refusedEverywhere(ctx: Ctx, token: string, what: string): Promise<void> {
  const room = fixtureRoom(ctx);
  const res = await ctx.rest('rooms.list', { token });
  expectStatus(ctx, res, [401, 403], `GET /api/chat/rooms/ with ${what}`);
  const probe = await ctx.ws(chatPath(ctx, room), { token, label: 'owner' });
  await expectDenied(ctx, probe, `the owner's socket with ${what}`);
}

export const authChecks: Check<CarinfoproState>[] = [
  f.login,
  f['wrong-password'],
  f.refresh,
  {
    id: 'carinfopro-auth-04',
    level: 'SHOULD',
    doc: '003 §Auth',
    decision: 'D-carinfopro-01',
    title: 'A refresh token is not accepted as an access token',
    requirement: 'Decision D-carinfopro-01 (003 names no login and no refresh token): "Owner uses JWT in `Authorization: Bearer <JWT_ACCESS>`" and "?token=<JWT_ACCESS>" take an access token, never a refresh token.',
    tags: ['auth', 'rest', 'websocket', 'security'],
    async run(ctx) {
      await refusedEverywhere(ctx, await refreshToken(ctx, 'owner'), 'the refresh token');
    },
  },
  {
    id: 'carinfopro-auth-05',
    level: 'MUST',
    doc: '003 §Auth',
    title: 'A JWT with a tampered signature is refused',
    requirement: '"Owner uses JWT": a token whose signature does not verify authenticates nobody, on REST or the socket.',
    tags: ['auth', 'rest', 'websocket', 'security'],
    async run(ctx) {
      const real = ctx.token('owner');
      const [h, p, s] = real.split('.');
      if (!s) throw new CheckSkip('the owner\'s token is not a JWT (three dot-separated parts)');
      const forged = `${h}.${p}.${s.slice(0, -4)}${s.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
      ctx.env.redactor.add(forged);
      await refusedEverywhere(ctx, forged, 'a token whose signature was tampered with');
    },
  },
  {
    id: 'carinfopro-auth-06',
    level: 'MUST',
    doc: '003 §Auth',
    title: 'An expired access token is refused',
    requirement: '"Owner uses JWT": an access token past its `exp` authenticates nobody (D-carinfopro-01: access tokens live 5 minutes).',
    tags: ['auth', 'rest', 'websocket', 'security'],
    async run(ctx) {
      const expired = ctx.user('owner').expiredToken;
      if (!expired) throw new CheckSkip('users.owner.expiredToken is not in the target file (no black-box way to obtain an expired token)');
      ctx.env.redactor.add(expired);
      await refusedEverywhere(ctx, expired, 'an expired access token');
    },
  },
];
