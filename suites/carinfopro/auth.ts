// 003 §Auth: owners use a JWT access token (obtained per D-carinfopro-01, SimpleJWT); only a valid,
// unexpired access token authenticates, on REST and on the socket alike.
import type { Check } from '../../harness/check.ts';
import { valueAt } from '../../client/endpoints.ts';
import { credentials, refreshToken, refreshWith } from '../login.ts';
import { CheckSkip } from '../../harness/check.ts';
import type { CheckContext } from '../../harness/context.ts';
import { expectDenied, expectJsonBody, expectStatus, expectTrue, short } from '../../harness/verify.ts';
import { chatPath, fixtureRoom, type Json } from './support.ts';

/** `token` is refused on REST (rooms list) and on the owner's socket. */
async function refusedEverywhere(ctx: CheckContext, token: string, what: string): Promise<void> {
  const room = fixtureRoom(ctx);
  const res = await ctx.rest('rooms.list', { token });
  expectStatus(ctx, res, [401, 403], `GET /api/chat/rooms/ with ${what}`);
  const probe = await ctx.ws(chatPath(ctx, room), { token, label: 'owner' });
  await expectDenied(ctx, probe, `the owner's socket with ${what}`);
}

export const authChecks: Check[] = [
  {
    id: 'carinfopro-auth-01',
    level: 'SHOULD',
    doc: '003 §Auth',
    decision: 'D-carinfopro-01',
    title: 'Owner login returns an access and a refresh token',
    requirement: 'Decision D-carinfopro-01 (the document is silent): POST /api/token/ {"username", "password"} → 200 {"access", "refresh"} (SimpleJWT).',
    tags: ['auth', 'rest'],
    async run(ctx) {
      const login = ctx.env.endpoints.resolve('auth.login');
      const res = await ctx.rest('auth.login', { json: credentials(ctx, 'owner') });
      ctx.addReproduction(`curl -i -X POST -H 'content-type: application/json' -d '{"username":"…","password":"…"}' ${ctx.env.target.baseUrl}/api/token/`);
      ctx.env.redactor.add((res.json as Json)?.access, (res.json as Json)?.refresh);
      expectStatus(ctx, res, [200], 'login with the owner\'s credentials');
      // The login is a decision, not the document's: a login the target file names is judged by its own paths.
      if (login.overridden) {
        const paths = [login.accessPath, ...(login.refreshPath ? [login.refreshPath] : [])];
        const missing = paths.filter((p) => typeof valueAt(res.json, p) !== 'string');
        expectTrue(ctx, missing.length === 0, { expected: [`tokens at ${paths.map((p) => `"${p}"`).join(' and ')}`], observed: short(res.text), reason: missing.length ? `no token at ${missing.map((p) => `"${p}"`).join(' and ')}` : 'the login answers an access and a refresh token' });
      } else expectJsonBody(ctx, res, 'carinfopro/token-response', 'login response');
    },
  },
  {
    id: 'carinfopro-auth-02',
    level: 'SHOULD',
    doc: '003 §Auth',
    decision: 'D-carinfopro-01',
    title: 'A wrong password gets no token',
    requirement: 'Decision D-carinfopro-01 (the document is silent): Wrong credentials → 401 {"detail": "No active account found with the given credentials"}.',
    tags: ['auth', 'rest', 'security'],
    async run(ctx) {
      const creds = credentials(ctx, 'owner');
      const login = ctx.env.endpoints.resolve('auth.login');
      const res = await ctx.rest('auth.login', { json: { ...creds, password: `${creds.password}-wrong` } });
      ctx.env.redactor.add(`${creds.password}-wrong`, (res.json as Json)?.access, (res.json as Json)?.refresh);
      expectStatus(ctx, res, [400, 401, 403], 'login with a wrong password');
      expectTrue(ctx, typeof valueAt(res.json, login.accessPath) !== 'string', { expected: ['no "access" token in the body'], observed: res.text.slice(0, 200), reason: 'no token issued for a wrong password' });
    },
  },
  {
    id: 'carinfopro-auth-03',
    level: 'SHOULD',
    doc: '003 §Auth',
    decision: 'D-carinfopro-01',
    title: 'The refresh endpoint issues a working access token',
    requirement: 'Decision D-carinfopro-01 (the document is silent): POST /api/token/refresh/ {"refresh"} → 200 {"access"}, and the new token lists the owner\'s rooms.',
    tags: ['auth', 'rest'],
    async run(ctx) {
      const res = await refreshWith(ctx, await refreshToken(ctx, 'owner'));
      ctx.env.redactor.add((res.json as Json)?.access);
      expectStatus(ctx, res, [200], 'POST /api/token/refresh/');
      expectJsonBody(ctx, res, 'carinfopro/token-refresh-response', 'refresh response');
      const list = await ctx.rest('rooms.list', { token: (res.json as Json).access });
      expectStatus(ctx, list, [200], 'GET /api/chat/rooms/ with the refreshed access token');
    },
  },
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
      const expired = ctx.env.extras.get('owner')?.expiredToken;
      if (!expired) throw new CheckSkip('users.owner.expiredToken is not in the target file (no black-box way to obtain an expired token)');
      ctx.env.redactor.add(expired);
      await refusedEverywhere(ctx, expired, 'an expired access token');
    },
  },
];
