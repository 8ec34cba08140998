// Who the room socket lets in (D-uzbekhub-08: 004's example passes no token): a socket without a token,
// with one that is not the server's, expired or a refresh token, of someone outside the room, or of a room
// that does not exist is refused before any frame; then the close code of each (the families').
import { invented } from '../../core/redact.ts';
import type { Check } from '../../harness/check.ts';
import { expectDenied } from '../../harness/verify.ts';
import { forge, type CheckSpec } from '../families/index.ts';
import { unknownRoom } from '../families/rest-errors.ts';
import { chatPath, wscatLine } from '../support.ts';
import { families as f } from './families.ts';
import { fixtureRoom, socket, type Ctx, type UzState } from './support.ts';

const D08 = 'Decision D-uzbekhub-08 (004\'s socket example passes no token; §Best Practices: "Token ni URL da yubormang"):';

const spec = (id: string, title: string, requirement: string, tags: string[]): CheckSpec => ({ id, level: 'SHOULD', doc: '004 §WebSocket Connections', decision: 'D-uzbekhub-08', title, requirement: `${D08} ${requirement}`, tags });

/** `token` refused on the fixture room's socket, by `?token=` and by the header. */
async function deniedBothWays(ctx: Ctx, token: string | null, what: string): Promise<void> {
  const path = chatPath(ctx, fixtureRoom(ctx));
  ctx.addReproduction(wscatLine(ctx, path, null, token ? { literal: token } : {}));
  await expectDenied(ctx, await ctx.ws(path, { token, via: 'query', label: 'client (query)' }), `${what} in ?token=`);
  if (token !== null) await expectDenied(ctx, await ctx.ws(path, { token, via: 'header', label: 'client (header)' }), `${what} in the Authorization header`);
}

export const accessChecks: Check<UzState>[] = [
  {
    ...spec('uzbekhub-access-01', 'A socket without a token is refused', 'a connection needs an access token; without one the socket is closed before any frame.', ['auth', 'websocket', 'security']),
    run: (ctx) => deniedBothWays(ctx, null, 'no token'),
  },
  {
    ...spec('uzbekhub-access-02', 'A socket with a token that is not a valid JWT of the server is refused', 'a made-up token, or one whose signature was tampered with, is refused before any frame.', ['auth', 'websocket', 'security']),
    async run(ctx) {
      await deniedBothWays(ctx, invented('not-a-jwt'), 'the token "not-a-jwt"');
      const forged = forge(ctx.token('owner'));
      if (forged) {
        ctx.env.redactor.add(forged);
        await deniedBothWays(ctx, forged, 'a token whose signature was tampered with');
      }
    },
  },
  f['expired-token'],
  {
    ...spec('uzbekhub-access-04', 'A user outside the room is refused its socket', 'a user who is not a member of the room is refused before any frame (REST\'s "Member only" holds for the socket too).', ['access', 'websocket', 'security']),
    async run(ctx) {
      const path = chatPath(ctx, fixtureRoom(ctx));
      ctx.addReproduction(wscatLine(ctx, path, 'outsider'));
      await expectDenied(ctx, await socket(ctx, fixtureRoom(ctx), 'outsider'), 'the outsider joining the fixture room');
    },
  },
  {
    ...spec('uzbekhub-access-05', 'A room that does not exist is refused', 'a room id of no room is refused before any frame.', ['access', 'websocket']),
    async run(ctx) {
      const id = unknownRoom(ctx.profile);
      ctx.addReproduction(wscatLine(ctx, chatPath(ctx, id), 'owner'));
      await expectDenied(ctx, await socket(ctx, id, 'owner'), 'the owner joining a room that does not exist');
    },
  },
  f['refresh-as-access'],
  f['close-no-credential'],
  f['close-bad-token'],
  f['close-outsider'],
  f['close-unknown-room'],
  f['close-malformed-id'],
];
