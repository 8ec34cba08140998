// The socket's close codes, by name from the profile's `closeCodes`: the upgrade is accepted and then
// closed (a refused handshake delivers no code to any browser) with Unauthorized for a missing or bad
// credential, Forbidden for a member of no such room, Bad Request for a malformed room id.
import { invented } from '../../core/redact.ts';
import type { DialectProfile } from '../../core/profiles.ts';
import type { CheckContext } from '../../harness/context.ts';
import { expectClose } from '../../harness/verify.ts';
import type { WsProbe } from '../../client/ws.ts';
import { chatPath, wscatLine } from '../support.ts';
import type { ChatAdapter, Runs } from './adapter.ts';
import { unknownRoom } from './rest-errors.ts';

export type ClosePromise = 'close-no-credential' | 'close-bad-token' | 'close-outsider' | 'close-unknown-room' | 'close-malformed-id';

/** The close code the profile names `name` (`Unauthorized`, `Forbidden`, `Bad Request`). */
export function closeCode(profile: DialectProfile, name: string): number {
  const hit = Object.entries(profile.closeCodes ?? {}).find(([, c]) => c.name === name);
  if (!hit) throw new Error(`profile ${profile.id} has no close code named '${name}'`);
  return Number(hit[0]);
}

/** The profile's roles that take part in no fixture room. */
const outsiders = (profile: DialectProfile): string[] => Object.entries(profile.roles).filter(([, r]) => r.member === false).map(([name]) => name);

/** A JWT with the same header and claims and a broken signature: a server that skips verification takes it. */
export function forge(token: string): string | undefined {
  const [h, p, s] = token.split('.');
  return s ? `${h}.${p}.${s.slice(0, -4)}${s.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}` : undefined;
}

export function closeRuns<S>(a: ChatAdapter<S>): Runs<ClosePromise, S> {
  const room = (ctx: CheckContext<S>) => ctx.fixture(a.fixture);
  const closes = async (ctx: CheckContext<S>, probe: WsProbe, names: string[], what: string) => expectClose(ctx, probe, names.map((n) => closeCode(ctx.profile, n)), what);
  const withToken = async (ctx: CheckContext<S>, token: string | null, what: string) => {
    const path = chatPath(ctx, room(ctx));
    ctx.addReproduction(wscatLine(ctx, path, null, { literal: token ?? undefined }));
    await closes(ctx, await ctx.ws(path, { token, label: token === null ? 'anonymous' : a.member }), ['Unauthorized'], what);
  };
  const asMember = async (ctx: CheckContext<S>, id: string | number, names: string[], what: string) => {
    const path = chatPath(ctx, id);
    ctx.addReproduction(wscatLine(ctx, path, a.member));
    await closes(ctx, await ctx.ws(path, { role: a.member }), names, what);
  };
  return {
    'close-no-credential': (ctx) => withToken(ctx, null, 'a socket opened without a credential'),

    async 'close-bad-token'(ctx) {
      await withToken(ctx, invented('not-a-jwt'), 'socket opened with the token "not-a-jwt"');
      const forged = forge(ctx.token(a.member));
      if (forged) {
        ctx.env.redactor.add(forged);
        await withToken(ctx, forged, 'socket opened with a token whose signature was tampered with');
      }
    },

    async 'close-outsider'(ctx) {
      const id = room(ctx);
      for (const role of outsiders(ctx.profile)) {
        const path = chatPath(ctx, id);
        ctx.addReproduction(wscatLine(ctx, path, role));
        await closes(ctx, await ctx.ws(path, { role }), ['Forbidden'], `the ${role} joining the ${a.member}'s room`);
      }
      for (const { what, probe } of (await a.alsoForbidden?.(ctx, id)) ?? []) await closes(ctx, probe, ['Forbidden'], what);
    },

    'close-unknown-room': (ctx) => asMember(ctx, unknownRoom(ctx.profile), a.unknownRoomCloses, `the ${a.member} joining a room that does not exist`),
    'close-malformed-id': (ctx) => asMember(ctx, 'abc', ['Bad Request'], `the ${a.member} joining ${chatPath(ctx, 'abc')}`),
  };
}
