// 003 §Auth: owners use a JWT access token (obtained per D-carinfopro-01, SimpleJWT); only a valid,
// unexpired access token authenticates, on REST and on the socket alike. Login, wrong password, refresh,
// and the refusal of an expired or a refresh token are the shared families' (families.ts, by the adapter's
// refuse(): REST and the socket); a tampered signature is CarInfoPro's own.
import type { Check } from '../../harness/check.ts';
import { forge } from '../families/index.ts';
import { families as f } from './families.ts';
import { CheckSkip } from '../../harness/check.ts';
import { refusedEverywhere, type CarinfoproState } from './support.ts';

export const authChecks: Check<CarinfoproState>[] = [
  f.login,
  f['wrong-password'],
  f.refresh,
  f['refresh-as-access'],
  {
    id: 'fiko-auth-05',
    level: 'MUST',
    doc: '003 §Auth',
    title: 'A JWT with a tampered signature is refused',
    requirement: '"Owner uses JWT": a token whose signature does not verify authenticates nobody, on REST or the socket.',
    tags: ['auth', 'rest', 'websocket', 'security'],
    async run(ctx) {
      const forged = forge(ctx.token('owner'));
      if (!forged) throw new CheckSkip('the owner\'s token is not a JWT (three dot-separated parts)');
      ctx.env.redactor.add(forged);
      await refusedEverywhere(ctx, forged, 'a token whose signature was tampered with');
    },
  },
  f['expired-token'],
];
