// How the shared families talk UzbekHub (004): the owner speaks and the member listens in a room of the
// check's own (the fixture room keeps its history for the pagination checks), {"type": "chat_message",
// "message", "reply_to", "files"} in, {"type": "chat_message", "message": {…}} out (D-uzbekhub-10).
import type { Json } from '../../core/json.ts';
import type { ChatAdapter } from '../families/index.ts';
import { expectDenied } from '../../harness/verify.ts';
import { chatPath } from '../support.ts';
import { chatFrame, errorOf, fixtureRoom, historyOf, isChat, isError, messageIdOf, openSocket, ownRoom, textOf, type UzState } from './support.ts';

export const adapter: ChatAdapter<UzState> = {
  member: 'owner',
  talk: { sender: 'owner', peer: 'member' },
  fixture: 'room',
  broadcast: 'chat_message',
  async pair(ctx) {
    const room = await ownRoom(ctx, { withAdmin: false });
    const [sender, peer] = await Promise.all([openSocket(ctx, room, 'owner'), openSocket(ctx, room, 'member')]);
    return { room, fresh: true, sender, peer };
  },
  message: (text) => chatFrame(text),
  isBroadcast: isChat,
  // The event's shape is D-uzbekhub-10's, judged by ws-02 alone: the other checks read its text and id wherever it carries them.
  textOf,
  idOf: messageIdOf,
  history: (ctx, room, blockedBy) => historyOf(ctx, String(room), 'owner', blockedBy),
  historyCheck: 'uzbekhub-history-02',
  itemText: (m: Json | undefined) => m?.text,
  storedFields: (text) => ({ text }),
  isError,
  errorCode: errorOf,
  unknownRoomCloses: ['Forbidden'],
  // D-uzbekhub-08: a token that authenticates nobody is refused, by `?token=` or by the header.
  async refuse(ctx, token, what) {
    const path = chatPath(ctx, fixtureRoom(ctx));
    await expectDenied(ctx, await ctx.ws(path, { token, via: 'query', label: 'client (query)' }), `${what} in ?token=`);
    await expectDenied(ctx, await ctx.ws(path, { token, via: 'header', label: 'client (header)' }), `${what} in the Authorization header`);
  },
};
