// 000 §1 (JWT login) and §3.4 (close code 4001). Login, wrong password, refresh and the 4001 of a missing
// or bad token are the shared families' (families.ts); what follows is Medmapp's own.
import type { Check } from '../../harness/check.ts';
import { expectClose, expectStatus } from '../../harness/verify.ts';
import { CheckSkip } from '../../harness/check.ts';
import { refreshToken } from '../login.ts';
import { chatPath, curlLine, wscatLine } from '../support.ts';
import { families as f } from './families.ts';
import { fixtureConversation, type Ctx, type MedmappState } from './support.ts';

async function expect4001(ctx: Ctx, token: string, what: string): Promise<void> {
  const path = chatPath(ctx, fixtureConversation(ctx));
  ctx.addReproduction(wscatLine(ctx, path, null, { literal: token }));
  const probe = await ctx.ws(path, { token, label: 'patient' });
  await expectClose(ctx, probe, [4001], what);
}

export const auth: Check<MedmappState>[] = [
  f.login,
  f['wrong-password'],
  {
    id: 'medmapp-auth-03',
    level: 'MUST',
    doc: '000 §6',
    title: 'REST refuses a request without a token',
    requirement: '"JWT Auth: Barcha so\'rovlarda token kerak" — every request needs the token.',
    tags: ['auth', 'rest', 'security'],
    async run(ctx) {
      ctx.addReproduction(curlLine('GET', '/api/conversations/'));
      const res = await ctx.rest('conversations.list', {});
      expectStatus(ctx, res, [401, 403], 'GET /api/conversations/ without Authorization');
    },
  },
  f['close-no-credential'],
  f['close-bad-token'],
  {
    id: 'medmapp-auth-06',
    level: 'MUST',
    doc: '000 §3.4',
    title: 'WebSocket with an expired token closes with 4001',
    requirement: '4001 Unauthorized — "Token yo\'q yoki noto\'g\'ri" (missing or wrong); the FAQ: "yangi token olish shart emas agar access token hali amal qilsa" (no new token while the access token is still valid), so one past its expiry is wrong.',
    tags: ['auth', 'websocket', 'close-code', 'security'],
    async run(ctx) {
      const expired = ctx.user('patient').expiredToken;
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
  f.refresh,
];
