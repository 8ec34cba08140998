// 001 §Endpoints 2: /ws/chat/{conversation_id}/?token=, for an agent of that conversation only (D-fiko-03,
// D-fiko-18). `recent_messages` comes first (D-fiko-06); `chat_message` is stored and broadcast to every
// socket of the conversation, the sender's included (D-fiko-07, D-fiko-14); `typing` reaches the others
// (D-fiko-08); `mark_read` resets unread_count and is broadcast (D-fiko-09); presence on a user's first
// open and last close (D-fiko-10). Every stored message and mark_read updates the agents' lists (D-fiko-13).
import type { ServerContext } from '../dialect.ts';
import { ServerError } from '../errors.ts';
import { newMessage, type RoomRecord, type UserRecord } from '../store.ts';
import type { Connection, SocketEndpoint } from '../ws.ts';
import { publishFromConnection } from '../publish.ts';
import { frameOut, refuse, valid, write } from '../seams.ts';
import { agentOfSocket } from './auth.ts';
import { CHAT_FRAMES, EMPTY_CONTENT, LIST_FRAMES, UNKNOWN_TYPE, conversationUpdated, parseFrame, sendError } from './frames.ts';
import { customerOf, messageId } from './seed.ts';
import { agentsOf, chatRoom, chatRoomOf, frameText, lastMessages, messageView, now } from './wire.ts';

export interface ChatSocketState {
  user: UserRecord;
  room: RoomRecord;
}

type Conn = Connection<ChatSocketState>;

export function chatSocket(sc: ServerContext): SocketEndpoint<ChatSocketState> {
  const { store } = sc;
  const rules = sc.variants.rules;
  /**
   * `<conversation>\0<user>` -> open chat sockets in this process (presence: first open, last close). Under
   * `--workers`, a user whose sockets sit on two workers is announced by each: presence is per process.
   */
  const open = new Map<string, number>();

  function presence(conn: Conn, online: boolean): void {
    const key = `${conn.state.room.id}\0${conn.state.user.id}`;
    const n = (open.get(key) ?? 0) + (online ? 1 : -1);
    if (n > 0) open.set(key, n);
    else open.delete(key);
    if (rules.noPresence || (online ? n !== 1 : n !== 0)) return;
    const { user } = conn.state;
    const frame = frameOut(sc, 'presence', { type: 'user_presence', user_id: user.id, username: user.fullName, is_online: online, timestamp: now() });
    if (frame) void sc.bus.publish(chatRoom(conn.state.room.id), frameText(frame, sc), conn.id);
  }

  /** D-fiko-14: the content to store, or the error frame's error. */
  function content(body: Record<string, unknown>): string | ServerError {
    const c = body.content;
    let text: string;
    if (typeof c === 'string') text = c;
    // A number or boolean is not content (a fault may take it as its string).
    else if ((typeof c === 'number' || typeof c === 'boolean') && valid(sc, 'message-type', false)) text = String(c);
    else return EMPTY_CONTENT();
    if (!valid(sc, 'message-not-empty', text.trim() !== '')) return EMPTY_CONTENT();
    return sc.variants.effect.trim ? text.trim() : text;
  }

  async function send(conn: Conn, text: string): Promise<void> {
    const { room, user } = conn.state;
    const record = newMessage({ id: await messageId(store), roomId: room.id, senderId: user.id, type: 'support', content: text, readByRecipient: true });
    await write(sc, 'message', () => store.addMessage(record));
    const source = customerOf(room).source;
    const frame = frameOut(sc, 'chat', {
      type: 'chat_message',
      message: messageView(record, room),
      ...(rules.externalSendResult === 'failed'
        ? { external_send_result: { success: false, error: `${source} API error: chat not found` } }
        : rules.externalSendResult ? { external_send_result: { success: true, platform: source } } : {}),
    }, { from: 'support', room });
    if (frame) await publishFromConnection(sc, conn, chatRoom(room.id), frameText(frame, sc));
    await conversationUpdated(sc, room);
  }

  function typing(conn: Conn, isTyping: boolean): void {
    const { room, user } = conn.state;
    const frame = frameOut(sc, 'typing', { type: 'typing_indicator', user_id: user.id, username: user.fullName, is_typing: isTyping, conversation_id: String(room.id), timestamp: now() });
    if (!frame) return;
    // The variant's reading: the indicator is for the other users of the conversation, not the typist's own sockets.
    const to = rules.typingOtherUsersOnly ? agentsOf(room).filter((a) => a !== String(user.id)).map((a) => chatRoomOf(room.id, a)) : chatRoom(room.id);
    conn.run(() => sc.bus.publish(to, frameText(frame, sc), rules.typingEcho ? undefined : conn.id));
  }

  async function markRead(conn: Conn): Promise<void> {
    const { room, user } = conn.state;
    await write(sc, 'mark-read', () => store.markRead(room.id, user.id));
    const frame = frameOut(sc, 'read', { type: 'messages_read', user_id: user.id });
    if (frame) await sc.bus.publish(chatRoom(room.id), frameText(frame, sc));
    await conversationUpdated(sc, room);
  }

  return {
    op: 'chat',

    async admit(_req, url, params) {
      const user = await agentOfSocket(sc, url);
      const room = await store.getRoom(params.id ?? '');
      if (!room) return refuse(sc, 'ws-unknown-room', new ServerError('UNKNOWN_ROOM'));
      if (!agentsOf(room).includes(String(user.id))) await refuse(sc, 'ws-not-participant', new ServerError('FORBIDDEN_ROOM'));
      return { rooms: [chatRoom(room.id), chatRoomOf(room.id, user.id)], userId: user.id, state: { user, room } };
    },

    async greet(conn) {
      presence(conn, true);
      const messages = await lastMessages(store, conn.state.room, rules.recentLimit);
      const frame = frameOut(sc, 'history', { type: 'recent_messages', messages: messages.map((m) => messageView(m, conn.state.room)), timestamp: now() });
      return frame ? frameText(frame, sc) : undefined;
    },

    onMessage(conn, data, isBinary) {
      const frame = parseFrame(data, isBinary);
      if (frame instanceof ServerError) return sendError(sc, conn, frame);
      switch (frame.type) {
        case 'chat_message': {
          const text = content(frame.body);
          if (text instanceof ServerError) return sendError(sc, conn, text);
          return conn.run(() => send(conn, text));
        }
        case 'typing':
          return typing(conn, frame.body.is_typing === true);
        case 'mark_read':
          return conn.run(() => markRead(conn));
        default:
          return sendError(sc, conn, UNKNOWN_TYPE(), LIST_FRAMES.has(frame.type) && !CHAT_FRAMES.has(frame.type));
      }
    },

    onClose(conn) {
      presence(conn, false);
    },
  };
}
