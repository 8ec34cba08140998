// 000 §1 (JWT login) and §3.4 (close code 4001).
import type { Check } from '../../harness/check.ts';
import { invented } from '../../core/redact.ts';
import { credentials, refreshToken, refreshWith } from '../login.ts';
import { CheckSkip } from '../../harness/check.ts';
import type { CheckContext } from '../../harness/context.ts';
import { expectClose, expectJsonBody, expectStatus, expectTrue } from '../../harness/verify.ts';
import { chatPath, curlLine, fixtureConversation, wscatLine } from './support.ts';

type Json = Record<string, any>;

async function expect4001(ctx: CheckContext, token: string | null, what: string): Promise<void> {
  const path = chatPath(ctx, fixtureConversation(ctx));
  ctx.addReproduction(wscatLine(ctx, path, null, token ?? undefined));
  const probe = await ctx.ws(path, { token, label: 'patient' });
  await expectClose(ctx, probe, [4001], what);
}

export const auth: Check[] = [
  {
    id: 'medmapp-auth-01',
    level: 'MUST',
    doc: '000 §1',
    title: 'Login returns an access and a refresh token',
    requirement: 'POST /api/token/ with {"phone", "password"} answers {"access": "<JWT>", "refresh": "<JWT>"}. Tests the documented login even where the target file names another.',
    tags: ['auth', 'rest', 'documented-login'],
    async run(ctx) {
      const login = ctx.env.endpoints.documented('auth.login');
      const res = await ctx.http({ method: login.method, path: login.path, json: credentials(ctx, 'patient') });
      ctx.addReproduction(`curl -i -X POST -H 'content-type: application/json' -d '{"phone":"…","password":"…"}' ${ctx.env.target.baseUrl}/api/token/`);
      expectStatus(ctx, res, [200], 'login with the patient\'s credentials');
      expectJsonBody(ctx, res, 'medmapp/token-response', 'login response');
    },
  },
  {
    id: 'medmapp-auth-02',
    level: 'MUST',
    doc: '000 §1',
    title: 'A wrong password gets no token',
    requirement: 'POST /api/token/ {"phone", "password"}: only the right phone and password obtain a JWT; the document gives no status for a refusal, so any 4xx is accepted.',
    tags: ['auth', 'rest', 'security', 'documented-login'],
    async run(ctx) {
      const creds = credentials(ctx, 'patient');
      const login = ctx.env.endpoints.documented('auth.login');
      const res = await ctx.http({ method: login.method, path: login.path, json: { ...creds, password: `${creds.password}-wrong` } });
      expectStatus(ctx, res, [400, 401, 403], 'login with a wrong password');
      const body = res.json as Json | undefined;
      expectTrue(ctx, !body || typeof body.access !== 'string', {
        expected: ['no "access" token in the body'],
        observed: res.text.slice(0, 200),
        reason: 'no token issued for a wrong password',
      });
    },
  },
  {
    id: 'medmapp-auth-03',
    level: 'MUST',
    doc: '000 §6',
    title: 'REST refuses a request without a token',
    requirement: '"JWT Auth: Barcha so\'rovlarda token kerak" — every request needs the token.',
    tags: ['auth', 'rest', 'security'],
    async run(ctx) {
      ctx.addReproduction(curlLine(ctx, 'GET', '/api/conversations/'));
      const res = await ctx.rest('conversations.list', {});
      expectStatus(ctx, res, [401, 403], 'GET /api/conversations/ without Authorization');
    },
  },
  {
    id: 'medmapp-auth-04',
    level: 'MUST',
    doc: '000 §3.4',
    title: 'WebSocket without a token closes with 4001',
    requirement: '4001 Unauthorized — "Token yo\'q yoki noto\'g\'ri" (token missing or wrong).',
    tags: ['auth', 'websocket', 'close-code'],
    run: (ctx) => expect4001(ctx, null, 'socket opened without a token'),
  },
  {
    id: 'medmapp-auth-05',
    level: 'MUST',
    doc: '000 §3.4',
    title: 'WebSocket with a malformed or forged token closes with 4001',
    requirement: '4001 Unauthorized — "Token yo\'q yoki noto\'g\'ri" (token missing or wrong).',
    tags: ['auth', 'websocket', 'close-code', 'security'],
    async run(ctx) {
      await expect4001(ctx, invented('not-a-jwt'), 'socket opened with the token "not-a-jwt"');
      const real = ctx.token('patient');
      const [h, p, s] = real.split('.');
      if (s) {
        // Same header and claims, broken signature: a server that skips verification accepts it.
        const forged = `${h}.${p}.${s.slice(0, -4)}${s.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
        await expect4001(ctx, forged, 'socket opened with a token whose signature was tampered with');
      }
    },
  },
  {
    id: 'medmapp-auth-06',
    level: 'MUST',
    doc: '000 §3.4',
    title: 'WebSocket with an expired token closes with 4001',
    requirement: '4001 Unauthorized — "Token yo\'q yoki noto\'g\'ri" (missing or wrong); the FAQ: "yangi token olish shart emas agar access token hali amal qilsa" (no new token while the access token is still valid), so one past its expiry is wrong.',
    tags: ['auth', 'websocket', 'close-code', 'security'],
    async run(ctx) {
      const expired = ctx.env.extras.get('patient')?.expiredToken;
      if (!expired) throw new CheckSkip('users.patient.expiredToken is not in the target file (no black-box way to obtain an expired token)');
      ctx.env.redactor.add(expired);
      await expect4001(ctx, expired, 'socket opened with an expired access token');
    },
  },
  {
    id: 'medmapp-auth-07',
    level: 'SHOULD',
    doc: '000 §3.4',
    decision: 'D-medmapp-14',
    title: 'WebSocket with a refresh token instead of an access token closes with 4001',
    requirement: 'Decision D-medmapp-14 (the document is silent on refresh tokens): only an access token authenticates; a refresh token is "noto\'g\'ri" (wrong) for §3.4.',
    tags: ['auth', 'websocket', 'close-code', 'security'],
    async run(ctx) {
      await expect4001(ctx, await refreshToken(ctx, 'patient'), 'socket opened with the refresh token');
    },
  },
  {
    id: 'medmapp-auth-08',
    level: 'SHOULD',
    doc: '000 §1',
    decision: 'D-medmapp-14',
    title: 'The refresh endpoint issues a working access token',
    requirement: 'Decision D-medmapp-14 (the document is silent): POST /api/token/refresh/ {"refresh"} answers {"access"} (SimpleJWT), and the new token authenticates REST.',
    tags: ['auth', 'rest'],
    async run(ctx) {
      const res = await refreshWith(ctx, await refreshToken(ctx, 'patient'));
      expectStatus(ctx, res, [200], 'POST /api/token/refresh/');
      expectJsonBody(ctx, res, 'medmapp/token-refresh-response', 'refresh response');
      const access = (res.json as Json).access as string;
      ctx.env.redactor.add(access);
      const list = await ctx.rest('conversations.list', { token: access });
      expectStatus(ctx, list, [200], 'GET /api/conversations/ with the refreshed access token');
    },
  },
];
