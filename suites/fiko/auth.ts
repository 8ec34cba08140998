// 001 §Authentication: the JWT goes in `?token=` on both sockets; "در صورت invalid بودن توکن، connection
// بسته می‌شود" (an invalid token closes the connection) and an expired one ends it too. Expired and
// refresh tokens are the shared families' (families.ts, by the adapter's refuse(): both sockets).
import { invented } from '../../core/redact.ts';
import type { Check } from '../../harness/check.ts';
import { forge } from '../families/index.ts';
import { families as f } from './families.ts';
import { refusedOnBoth } from './support.ts';

export const authChecks: Check[] = [
  {
    id: 'fiko-auth-01',
    level: 'MUST',
    doc: '001 §Authentication',
    title: 'An invalid token closes the connection, on both sockets',
    requirement: '"در صورت invalid بودن توکن، connection بسته می‌شود" (if the token is invalid, the connection is closed): a token that is no JWT, and one whose signature was tampered with, get no frame on /ws/conversations/ or /ws/chat/{id}/.',
    tags: ['auth', 'websocket', 'security'],
    async run(ctx) {
      await refusedOnBoth(ctx, invented('not-a-jwt'), 'the token "not-a-jwt"');
      const forged = forge(ctx.token('agent'));
      if (forged) {
        ctx.env.redactor.add(forged);
        await refusedOnBoth(ctx, forged, 'a token whose signature was tampered with');
      }
    },
  },
  f['expired-token'],
  {
    id: 'fiko-auth-03',
    level: 'SHOULD',
    doc: '001 §Authentication',
    decision: 'D-fiko-02',
    title: 'A socket without a token is closed',
    requirement: 'Decision D-fiko-02: "توکن JWT را در query parameter ارسال کنید" (send the JWT in the query): without ?token= both sockets are closed before any frame but an error frame.',
    tags: ['auth', 'websocket', 'security'],
    run: (ctx) => refusedOnBoth(ctx, null, 'no token'),
  },
  f['refresh-as-access'],
];
