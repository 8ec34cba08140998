// Tokens that authenticate nobody: an access token past its `exp`, and a refresh token presented as an
// access token. How they are refused is the document's: by default the chat socket closes with the
// profile's Unauthorized code; a dialect that promises more (REST too) says so in its adapter's refuse().
import { CheckSkip } from '../../harness/check.ts';
import type { CheckContext } from '../../harness/context.ts';
import { expectClose } from '../../harness/verify.ts';
import { refreshToken } from '../login.ts';
import { chatPath, wscatLine } from '../support.ts';
import type { ChatAdapter, Runs } from './adapter.ts';
import { closeCode } from './close-codes.ts';

export type TokenPromise = 'expired-token' | 'refresh-as-access';

export function tokenRuns<S>(a: ChatAdapter<S>): Runs<TokenPromise, S> {
  const refuse = async (ctx: CheckContext<S>, token: string, what: string) => {
    if (a.refuse) return a.refuse(ctx, token, what);
    const path = chatPath(ctx, ctx.fixture(a.fixture));
    ctx.addReproduction(wscatLine(ctx, path, null, { literal: token }));
    await expectClose(ctx, await ctx.ws(path, { token, label: a.member }), [closeCode(ctx.profile, 'Unauthorized')], `socket opened with ${what}`);
  };
  return {
    async 'expired-token'(ctx) {
      const expired = ctx.user(a.member).expiredToken;
      if (!expired) throw new CheckSkip(`users.${a.member}.expiredToken is not in the target file (no black-box way to obtain an expired token)`);
      ctx.env.redactor.add(expired);
      await refuse(ctx, expired, 'an expired access token');
    },
    'refresh-as-access': async (ctx) => refuse(ctx, await refreshToken(ctx, a.member), 'the refresh token'),
  };
}
