// 002 §Authentication: the JWT in `?token=` (Method 1) or in an `Authorization: Bearer` header (Method 2),
// each tested alone by sockets that use only it; which wins when both are given (D-carechat-10); the token
// endpoints of D-carechat-01; tokens that authenticate nobody refused by both methods.
import type { Json } from '../../core/json.ts';
import { invented } from '../../core/redact.ts';
import { CheckSkip, type Check } from '../../harness/check.ts';
import { expectFrame, expectJsonBody, expectOpen, expectStatus, expectStillOpen } from '../../harness/verify.ts';
import { forge } from '../families/index.ts';
import { refreshToken, refreshWith } from '../login.ts';
import { chatPath, uniqueText, wscatLine } from '../support.ts';
import { families as f } from './families.ts';
import { deniedBothWays, fixtureChat, fixturePair, isMessageWith, type CarechatState, type Ctx, type Via } from './support.ts';

/** Both members join by `via` only; the patient's message reaches the professional. */
async function roundTrip(ctx: Ctx, via: Via): Promise<void> {
  const { patient, professional } = await fixturePair(ctx, via);
  const text = uniqueText(`auth-${via}`);
  patient.send({ content: text });
  await expectFrame(ctx, professional, isMessageWith(text), `the professional (token in the ${via === 'query' ? 'query' : 'Authorization header'}) receives "${text}"`);
}

export const authChecks: Check<CarechatState>[] = [
  {
    id: 'carechat-auth-01',
    level: 'MUST',
    doc: '002 §Authentication',
    title: 'The token as the `token` query parameter authenticates the socket',
    requirement: '"Method 1: Query Parameter (Recommended)": "Add the JWT token as a query parameter" named `token`; both members join this way and talk.',
    tags: ['auth', 'websocket'],
    async run(ctx) {
      ctx.addReproduction(wscatLine(ctx, chatPath(ctx, fixtureChat(ctx)), 'patient'));
      await roundTrip(ctx, 'query');
    },
  },
  {
    id: 'carechat-auth-02',
    level: 'MUST',
    doc: '002 §Authentication',
    title: 'The token in an `Authorization: Bearer` header authenticates the socket',
    requirement: '"Method 2: Authorization Header": "You can use the `Authorization` header: Authorization: Bearer YOUR_JWT_TOKEN" on the upgrade, with no query token; both members join this way and talk.',
    tags: ['auth', 'websocket'],
    run: (ctx) => roundTrip(ctx, 'header'),
  },
  {
    id: 'carechat-auth-03',
    level: 'SHOULD',
    doc: '002 §Authentication',
    decision: 'D-carechat-10',
    title: 'With both a query token and a header, the query token is used',
    requirement: 'Decision D-carechat-10 (the document gives two methods and no precedence): when both are present the query token is used (Method 1 is "recommended"): the patient\'s `?token=` beside the outsider\'s header joins the patient\'s chat.',
    tags: ['auth', 'websocket'],
    async run(ctx) {
      const chat = fixtureChat(ctx);
      const probe = await ctx.ws(chatPath(ctx, chat), { role: 'patient', via: 'query', headers: { Authorization: `Bearer ${ctx.token('outsider')}` }, label: 'patient (query) + outsider (header)' });
      expectOpen(ctx, probe, 'the socket with the patient\'s ?token= and the outsider\'s Authorization header');
      await expectStillOpen(ctx, probe, ctx.quietMs, 'the socket with both tokens');
    },
  },
  f.login,
  f['wrong-password'],
  {
    id: 'carechat-auth-06',
    level: 'SHOULD',
    doc: '002 §Best Practices',
    decision: 'D-carechat-01',
    title: 'The refresh endpoint issues an access token that opens the socket',
    requirement: 'Decision D-carechat-01 (the document says "Refresh JWT tokens before they expire" and names no endpoint): POST /api/token/refresh/ {"refresh"} → 200 {"access"}, and the new token joins the patient\'s chat.',
    tags: ['auth', 'rest', 'websocket'],
    async run(ctx) {
      const res = await refreshWith(ctx, await refreshToken(ctx, 'patient'));
      const access = (res.json as Json | undefined)?.access;
      ctx.env.redactor.add(access);
      expectStatus(ctx, res, [200], 'POST /api/token/refresh/');
      expectJsonBody(ctx, res, 'carechat/token-refresh-response', 'the refresh response');
      const probe = await ctx.ws(chatPath(ctx, fixtureChat(ctx)), { token: access as string, label: 'patient (refreshed token)' });
      expectOpen(ctx, probe, 'the patient with the refreshed access token');
      await expectStillOpen(ctx, probe, ctx.quietMs, 'the socket with the refreshed token');
    },
  },
  f['refresh-as-access'],
  f['expired-token'],
  {
    id: 'carechat-auth-09',
    level: 'MUST',
    doc: '002 §Troubleshooting',
    title: 'A token with a tampered signature, or no JWT at all, does not open the socket',
    requirement: '"Connection Closes Immediately": "JWT token is invalid or expired" — by `?token=` or by the header, closed before any frame but an error frame.',
    tags: ['auth', 'websocket', 'security'],
    async run(ctx) {
      const forged = forge(ctx.token('patient'));
      if (!forged) throw new CheckSkip('the patient\'s token is not a JWT (three dot-separated parts)');
      ctx.env.redactor.add(forged);
      await deniedBothWays(ctx, forged, 'a token whose signature was tampered with');
      await deniedBothWays(ctx, invented('not-a-jwt'), 'the token "not-a-jwt"');
    },
  },
];
