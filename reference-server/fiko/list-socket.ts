// 001 §Endpoints 1: /ws/conversations/?token=. `get_conversations` and `refresh_conversations` are answered
// with the agent's conversations by updated_at descending (D-fiko-06, D-fiko-18); the socket is in its
// agent's room, where new_customer_message and conversation_updated arrive (D-fiko-13).
import type { ServerContext } from '../dialect.ts';
import type { UserRecord } from '../store.ts';
import type { SocketEndpoint } from '../ws.ts';
import { ServerError } from '../errors.ts';
import { frameOut, read } from '../seams.ts';
import { agentOfSocket } from './auth.ts';
import { CHAT_FRAMES, LIST_FRAMES, UNKNOWN_TYPE, parseFrame, sendError } from './frames.ts';
import { conversationView, frameText, listRoom, now, updatedAt } from './wire.ts';

export interface ListSocketState {
  user: UserRecord;
}

export function listSocket(sc: ServerContext): SocketEndpoint<ListSocketState> {
  const { store } = sc;
  return {
    op: 'conversations',

    async admit(_req, url) {
      const user = await agentOfSocket(sc, url);
      return { rooms: [listRoom(user.id)], userId: user.id, state: { user } };
    },

    onMessage(conn, data, isBinary) {
      const frame = parseFrame(data, isBinary);
      if (frame instanceof ServerError) return sendError(sc, conn, frame);
      if (!LIST_FRAMES.has(frame.type)) return sendError(sc, conn, UNKNOWN_TYPE(), CHAT_FRAMES.has(frame.type));
      conn.run(async () => {
        const member = read(sc, 'room-list.member', conn.state.user.id);
        const rooms = await store.listRooms(member);
        rooms.sort((a, b) => updatedAt(b) - updatedAt(a) || String(a.id).localeCompare(String(b.id)));
        const conversations = await Promise.all(rooms.map((r) => conversationView(store, r)));
        const out = frameOut(sc, 'list', { type: 'conversations_list', conversations, timestamp: now() }, { trigger: frame.type });
        if (out) conn.send(frameText(out, sc));
      });
    },
  };
}
