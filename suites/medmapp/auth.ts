// 000 §1 (JWT login) and §3.4 (close code 4001). Login, wrong password, refresh and the 4001 of a missing,
// bad, expired or refresh token are the shared families' (families.ts); REST without a token is Medmapp's own.
import type { Check } from '../../harness/check.ts';
import { expectStatus } from '../../harness/verify.ts';
import { curlLine } from '../support.ts';
import { families as f } from './families.ts';
import type { MedmappState } from './support.ts';

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
  f['expired-token'],
  f['refresh-as-access'],
  f.refresh,
];
