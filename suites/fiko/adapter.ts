// How the shared families talk Fiko (001): two chat sockets of the agent to the fixture conversation (Fiko
// creates no conversations, so it is shared: `fresh` is false and texts tell checks apart),
// {"type": "chat_message", "content"} in, chat_message {message: {id, content, type}} out, and "history" is
// the recent_messages a new chat socket gets first (D-fiko-06).
import type { Json } from '../../core/json.ts';
import type { ChatAdapter } from '../families/index.ts';
import { fixtureConversation, isChatMessage, isError, openChat, recentMessages, refusedOnBoth } from './support.ts';

const json = (f: { json?: unknown }) => f.json as Json;

export const adapter: ChatAdapter = {
  member: 'agent',
  talk: { sender: 'agent', peer: "agent's second socket" },
  fixture: 'conversation',
  broadcast: 'chat_message',
  async pair(ctx) {
    const room = fixtureConversation(ctx);
    const [sender, peer] = await Promise.all([openChat(ctx, room, 'agent', 'agent chat'), openChat(ctx, room, 'agent', 'agent chat #2')]);
    return { room, fresh: false, sender, peer };
  },
  message: (text) => ({ type: 'chat_message', content: text }),
  isBroadcast: isChatMessage,
  textOf: (f) => (json(f)?.message as Json | undefined)?.content,
  idOf: (f) => (json(f)?.message as Json | undefined)?.id,
  history: (ctx, room, blockedBy) => recentMessages(ctx, String(room), blockedBy),
  historyCheck: 'fiko-chat-09',
  itemText: (m) => m?.content,
  storedFields: (text) => ({ content: text, type: 'support' }),
  isError,
  errorCode: (f) => String(json(f)?.error),
  missingRoomStatuses: [],
  unknownRoomCloses: [],
  refuse: (ctx, token, what) => refusedOnBoth(ctx, token, what),
};
