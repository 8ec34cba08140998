// 001 §user_presence (D-fiko-10, MAY): a user's first socket to a conversation opening, and its last one
// closing, is told to the other sockets of that conversation. The colleague (a second agent of the fixture
// conversation) comes and goes while the agent watches.
import type { Json } from '../../core/json.ts';
import type { Check } from '../../harness/check.ts';
import type { Frame, WsProbe } from '../../client/ws.ts';
import { CheckSkip } from '../../harness/check.ts';
import { expectFrame, expectOpen, expectSchema } from '../../harness/verify.ts';
import { chatSocket, fixtureConversation, hasRole, isType, openChat, userIdOf } from './support.ts';

type Ctx = Parameters<Check['run']>[0];

/** A user_presence frame about the colleague (any user when the target file gives no id) with `is_online`. */
const presenceOf = (ctx: Ctx, online: boolean) => {
  const colleague = userIdOf(ctx, 'colleague');
  return (f: Frame) => isType('user_presence')(f) && (f.json as Json).is_online === online && (colleague === undefined || String((f.json as Json).user_id) === String(colleague));
};

/**
 * The agent's chat socket watches the colleague's first chat socket open, and is told it came online (as
 * §user_presence shows). Presence is about a user's first and last socket: sockets other checks left open for
 * reuse under a stated connection limit would make the colleague already online, so they are closed first
 * (the checks run alone). Skipped without a colleague in the target file.
 */
async function colleagueComesOnline(ctx: Ctx): Promise<{ agent: WsProbe; colleague: WsProbe }> {
  if (!hasRole(ctx, 'colleague')) throw new CheckSkip('users.colleague (a second agent of the fixture conversation) is not in the target file: nobody else to see come and go');
  const closed = ctx.env.sockets.closeParked();
  if (closed) {
    ctx.note(`closed ${closed} socket(s) kept open for reuse, so that the colleague's next socket is its first`);
    await new Promise((r) => setTimeout(r, ctx.quietMs));
  }
  const id = fixtureConversation(ctx);
  const agent = await openChat(ctx, id);
  const colleague = await chatSocket(ctx, id, { role: 'colleague', label: 'colleague chat' });
  expectOpen(ctx, colleague, "the colleague's first chat socket");
  const online = await expectFrame(ctx, agent, presenceOf(ctx, true), "user_presence is_online true for the colleague's first socket");
  expectSchema(ctx, 'fiko/ws-out-user-presence', online.json, 'user_presence');
  return { agent, colleague };
}

export const presenceChecks: Check[] = [
  {
    id: 'fiko-presence-02',
    // A colleague socket of another check would make this one not the first: nothing else in flight.
    timing: 'alone',
    level: 'MUST',
    doc: '001 §user_presence',
    title: "Another user's chat socket coming online is announced as user_presence",
    requirement: '"User presence (online/offline)" is a key feature (§Overview, §Change Log), §user_presence shows {"type": "user_presence", "user_id", "username", "is_online": true, "timestamp"} and handleChatMessage reads it ("case \'user_presence\': this.updateUserPresence(data.user_id, data.is_online)"): when the colleague opens a chat socket to the conversation, the agent\'s chat socket there is told the colleague is online. When offline is told is D-fiko-10\'s (fiko-presence-01).',
    tags: ['presence', 'websocket'],
    run: async (ctx) => void (await colleagueComesOnline(ctx)),
  },
  {
    id: 'fiko-presence-01',
    timing: 'alone',
    level: 'MAY',
    doc: '001 §user_presence',
    decision: 'D-fiko-10',
    title: "The other sockets see a user's last socket close as user_presence offline",
    requirement: 'Decision D-fiko-10: {"type": "user_presence", "user_id", "username", "is_online": true} when a user\'s first socket to a conversation opens, is_online false when its last one closes, to the conversation\'s other sockets.',
    tags: ['presence', 'websocket'],
    async run(ctx) {
      const { agent, colleague } = await colleagueComesOnline(ctx);
      colleague.close();
      await expectFrame(ctx, agent, presenceOf(ctx, false), "user_presence is_online false once the colleague's last socket closed");
    },
  },
];
