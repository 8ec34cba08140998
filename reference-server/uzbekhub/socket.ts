// 004 §WebSocket Connections: /ws/chat/<room_id>/, with the access token in `?token=` or an
// `Authorization: Bearer` header (D-uzbekhub-08; the upgrade is accepted and then closed 4001/4003/4000).
// Client frames (D-uzbekhub-09): chat_message {message, reply_to, files}, typing, mark_read, edit_message,
// delete_message; the events of §Message Events go to the room as D-uzbekhub-10 says (user_typing to the
// others only, errors to the sender only).
import { randomUUID } from 'node:crypto';
import { ServerError } from '../errors.ts';
import type { ServerContext } from '../dialect.ts';
import type { Connection, SocketEndpoint } from '../ws.ts';
import { publishFromConnection } from '../publish.ts';
import { frameOut, read, refuse, sendErrorFrame, valid, write } from '../seams.ts';
import { UUID, bearer, userFromToken } from './auth.ts';
import { FIXTURE_USERS, type UzRoom, type UzState, type UzUser } from './state.ts';
import { frameText, messageView } from './wire.ts';

export interface UzSocketState {
  room: UzRoom;
  user: UzUser;
  origin: string;
}

type Frame = Record<string, unknown>;

/** A room of `userId` alone, for a fault that lets a socket into a room that does not exist. */
const emptyRoom = (id: string, userId: number): UzRoom => ({ id, type: 'group', name: 'ghost', username: null, description: null, profilePic: null, createdAt: Date.now(), members: [{ id: 0, userId, role: 'owner', joinedAt: Date.now() }] });

export function uzbekhubSocket(sc: ServerContext, state: UzState): SocketEndpoint<UzSocketState> {
  const rules = sc.variants.rules;

  function sendError(conn: Connection<UzSocketState>, code: ServerError['code'], text: string): void {
    sendErrorFrame(sc, conn as Connection<unknown>, { type: 'error', error: text, code }, { code }, (f) => frameText(f, sc.selfCheck));
  }

  const publish = async (conn: Connection<UzSocketState>, kind: 'chat' | 'updated' | 'notify' | 'read', frame: Frame, ctx: Record<string, unknown> = {}) => {
    const out = frameOut(sc, kind, frame, { room: conn.state.room, ...ctx });
    if (out) await publishFromConnection(sc, conn, conn.state.room.id, frameText(out, sc.selfCheck));
  };

  /** The room's own message `id`, or undefined. */
  const ownMessage = (conn: Connection<UzSocketState>, id: unknown) =>
    typeof id === 'string' && UUID.test(id) ? state.history(conn.state.room.id).find((m) => m.id === id.toLowerCase()) : undefined;

  const handlers: Record<string, (conn: Connection<UzSocketState>, f: Frame) => void> = {
    chat_message(conn, f) {
      const { message, reply_to: replyTo, files } = f;
      if (message !== undefined && message !== null && typeof message !== 'string') return sendError(conn, 'INVALID_MESSAGE', "'message' must be a string.");
      if (files !== undefined && files !== null && (!Array.isArray(files) || files.some((x) => !Number.isInteger(x)))) return sendError(conn, 'INVALID_MESSAGE', "'files' must be a list of file ids.");
      const ids = (files as number[] | null | undefined) ?? [];
      const text = typeof message === 'string' ? message : '';
      if (!valid(sc, 'uz-message-not-empty', text.trim() !== '' || ids.length > 0)) return sendError(conn, 'EMPTY_MESSAGE', 'Message cannot be empty.');
      if (ids.some((id) => state.files.get(id)?.ownerId !== conn.state.user.id)) return sendError(conn, 'INVALID_MESSAGE', 'Unknown file id.');
      if (replyTo !== undefined && replyTo !== null && !ownMessage(conn, replyTo)) return sendError(conn, 'INVALID_MESSAGE', "'reply_to' must be a message of this room.");
      const at = state.now();
      const record = { id: randomUUID(), roomId: conn.state.room.id, senderId: conn.state.user.id, text, replyTo: read(sc, 'uz.reply-to', typeof replyTo === 'string' ? replyTo.toLowerCase() : null), files: ids, edited: false, createdAt: at, updatedAt: at };
      conn.run(async () => {
        await write(sc, 'message', async () => state.addMessage(record));
        await publish(conn, 'chat', { type: 'chat_message', message: messageView(record, state, conn.state.origin) });
      });
    },

    typing(conn, f) {
      if (typeof f.is_typing !== 'boolean') return sendError(conn, 'INVALID_MESSAGE', "'is_typing' must be a boolean.");
      const { user, room } = conn.state;
      const out = frameOut(sc, 'typing', { type: 'user_typing', user_id: user.id, username: user.username, is_typing: f.is_typing }, { room });
      if (out) conn.run(() => sc.bus.publish(room.id, frameText(out, sc.selfCheck), rules.uzTypingEcho ? undefined : conn.id));
    },

    mark_read(conn, f) {
      const m = ownMessage(conn, f.message_id);
      if (!m) return sendError(conn, 'INVALID_MESSAGE', "'message_id' must be a message of this room.");
      conn.run(() => publish(conn, 'read', { type: 'message_read', message_id: m.id, user_id: conn.state.user.id }));
    },

    edit_message(conn, f) {
      const m = ownMessage(conn, f.message_id);
      if (!m) return sendError(conn, 'INVALID_MESSAGE', "'message_id' must be a message of this room.");
      if (m.senderId !== conn.state.user.id) return sendError(conn, 'INVALID_MESSAGE', 'Only the sender can edit a message.');
      if (typeof f.message !== 'string' || f.message.trim() === '') return sendError(conn, 'EMPTY_MESSAGE', 'Message cannot be empty.');
      m.text = f.message;
      m.edited = true;
      m.updatedAt = state.now();
      conn.run(() => publish(conn, 'updated', { type: 'message_edited', message: messageView(m, state, conn.state.origin) }));
    },

    delete_message(conn, f) {
      const m = ownMessage(conn, f.message_id);
      if (!m) return sendError(conn, 'INVALID_MESSAGE', "'message_id' must be a message of this room.");
      if (m.senderId !== conn.state.user.id) return sendError(conn, 'INVALID_MESSAGE', 'Only the sender can delete a message.');
      state.deleteMessage(m);
      conn.run(() => publish(conn, 'notify', { type: 'message_deleted', message_id: m.id, room: m.roomId }, { via: 'ws' }));
    },
  };

  return {
    op: 'chat',

    async admit(req, url, params) {
      const id = params.id ?? '';
      if (!UUID.test(id)) return refuse(sc, 'ws-bad-path', new ServerError('BAD_WS_PATH'));
      // The query token is read unless a variant reads the header only; the header only when no query token decides.
      const query = rules.uzHeaderOnly ? null : read(sc, 'ws.query-token', url.searchParams.get('token') || null);
      let token = query;
      if (token === null) {
        try {
          token = read(sc, 'ws.header-token', bearer(req) ?? null);
        } catch (err) {
          if (!(err instanceof ServerError)) throw err;
          return refuse(sc, 'ws-bad-token', err);
        }
      }
      let user: UzUser;
      if (token === null) {
        const instead = await refuse(sc, 'ws-no-token', new ServerError('AUTH_MISSING'), { fallback: { id: FIXTURE_USERS[0]!.id, role: 'owner', fullName: '' } });
        user = FIXTURE_USERS.find((u) => u.id === Number(instead.id))!;
      } else {
        try {
          user = await userFromToken(sc, token, 'ws');
        } catch (err) {
          if (!(err instanceof ServerError)) throw err;
          return refuse(sc, 'ws-bad-token', err);
        }
      }
      const room = state.rooms.get(id.toLowerCase()) ?? (await refuse(sc, 'uz-ws-unknown-room', new ServerError('UNKNOWN_ROOM'), { make: () => emptyRoom(id.toLowerCase(), user.id) }));
      if (!room.members.some((m) => m.userId === user.id)) await refuse(sc, 'uz-ws-not-member', new ServerError('FORBIDDEN_ROOM'));
      const host = req.headers.host ?? '127.0.0.1';
      return { rooms: [room.id], userId: user.id, state: { room, user, origin: `http://${host}` } };
    },

    onMessage(conn, data, isBinary) {
      let frame: unknown;
      try {
        frame = isBinary ? undefined : JSON.parse(data.toString('utf8'));
      } catch {
        frame = undefined;
      }
      if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return sendError(conn, 'INVALID_JSON', 'Invalid JSON.');
      const type = (frame as Frame).type;
      const handler = typeof type === 'string' && Object.hasOwn(handlers, type) ? handlers[type] : undefined;
      if (!handler) return sendError(conn, 'UNSUPPORTED_TYPE', `Unknown message type: ${String(type)}.`);
      // The room may have been deleted, or the user removed, since the socket opened.
      const room = state.rooms.get(conn.state.room.id);
      if (!room || !room.members.some((m) => m.userId === conn.state.user.id)) return sendError(conn, 'FORBIDDEN_ROOM', 'You are not a member of this room.');
      handler(conn, frame as Frame);
    },
  };
}
