// Document 003 §WebSocket: /ws/chat/<room_id>/ with `?visitor=<visitor_token>` or `?token=<JWT_ACCESS>`.
// Admission decides the close code (D-carinfopro-07: accept, then close 4000/4001/4003); each text frame
// `{"message": …}` is validated (D-carinfopro-08), stored verbatim (D-carinfopro-11) and broadcast to every
// socket of the room, the sender's included (D-carinfopro-09).
import { randomUUID } from 'node:crypto';
import { ServerError } from '../errors.ts';
import type { ServerContext } from '../dialect.ts';
import { newMessage, type RoomRecord } from '../store.ts';
import type { Connection, SocketEndpoint } from '../ws.ts';
import { escapeHtml } from '../django.ts';
import { publishFromConnection } from '../publish.ts';
import { frameOut, sendErrorFrame, read, refuse, valid, write } from '../seams.ts';
import { UUID, ownerFromToken, roomOfVisitor } from './auth.ts';
import { visitorMember } from './seed.ts';
import { broadcastView, errorFrame, frameText, ownerOf } from './wire.ts';

export const MAX_MESSAGE_CHARS = 4000;

export interface CarinfoproSocketState {
  room: RoomRecord;
  senderType: 'owner' | 'visitor';
  senderId: string;
}

const FORMAT = 'Invalid message format';

export function carinfoproSocket(sc: ServerContext): SocketEndpoint<CarinfoproSocketState> {
  const { store } = sc;

  async function admitOwner(id: string, token: string): Promise<CarinfoproSocketState> {
    let user;
    try {
      user = await ownerFromToken(sc, token);
    } catch (err) {
      if (!(err instanceof ServerError)) throw err;
      return refuse(sc, 'ws-bad-token', err);
    }
    const room = await store.getRoom(id);
    if (!room) return refuse(sc, 'ws-unknown-room', new ServerError('UNKNOWN_ROOM'));
    if (ownerOf(room) !== String(user.id)) await refuse(sc, 'ws-other-owner', new ServerError('FORBIDDEN_ROOM'));
    return { room, senderType: 'owner', senderId: String(user.id) };
  }

  async function admitVisitor(id: string, token: string | null): Promise<CarinfoproSocketState> {
    const room = await store.getRoom(id);
    let own: RoomRecord | undefined;
    if (token === null) {
      own = await refuse(sc, 'ws-no-credential', new ServerError('AUTH_MISSING'), { room });
    } else {
      try {
        own = await roomOfVisitor(sc, token);
      } catch (err) {
        if (!(err instanceof ServerError)) throw err;
        own = await refuse(sc, 'ws-unknown-visitor', err, { room });
      }
    }
    if (!room) return refuse(sc, 'ws-unknown-room', new ServerError('UNKNOWN_ROOM'));
    if (String(own?.id) !== String(room.id)) await refuse(sc, 'ws-other-room', new ServerError('FORBIDDEN_ROOM'));
    return { room, senderType: 'visitor', senderId: visitorMember(room.id) };
  }

  function sendError(conn: Connection<CarinfoproSocketState>, err: ServerError): void {
    sendErrorFrame(sc, conn as Connection<unknown>, errorFrame(err), { code: err.code }, (f) => frameText(f, sc.selfCheck));
  }

  /** The text to store, or the error for the error frame (D-carinfopro-08). */
  function validate(data: Buffer, isBinary: boolean): { text: string } | ServerError {
    const format = (code: 'INVALID_JSON' | 'INVALID_MESSAGE' = 'INVALID_MESSAGE') => new ServerError(code, { message: FORMAT });
    if (isBinary) return format();
    let body: unknown;
    try {
      body = JSON.parse(data.toString('utf8'));
    } catch {
      return format('INVALID_JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return format();
    const { message } = body as { message?: unknown };
    let text: string;
    if (typeof message === 'string') text = message;
    // A number or boolean is not text (a fault may take it as its string).
    else if ((typeof message === 'number' || typeof message === 'boolean') && valid(sc, 'message-type', false)) text = String(message);
    else return format();
    if (!valid(sc, 'message-not-empty', text.trim() !== '')) return new ServerError('EMPTY_MESSAGE', { message: 'Message cannot be empty' });
    if (!valid(sc, 'message-length', text.length <= MAX_MESSAGE_CHARS || sc.variants.rules.noLengthLimit)) return new ServerError('EMPTY_MESSAGE', { message: 'Message too long' });
    return { text: sc.variants.effect.trim ? text.trim() : text };
  }

  return {
    op: 'chat',

    async admit(_req, url, params) {
      const id = params.id ?? '';
      if (!UUID.test(id)) return refuse(sc, 'ws-bad-path', new ServerError('BAD_WS_PATH'));
      const token = url.searchParams.get('token');
      const state = token ? await admitOwner(id.toLowerCase(), token) : await admitVisitor(id.toLowerCase(), url.searchParams.get('visitor') || null);
      // userId is what the log shows: the owner's UUID, or `visitor:<room>` (never the visitor token).
      return { rooms: [String(state.room.id)], userId: state.senderId, state };
    },

    onMessage(conn, data, isBinary) {
      const result = validate(data, isBinary);
      if (result instanceof ServerError) return sendError(conn, result);
      // D-carinfopro-11: stored verbatim (a variant escapes).
      const content = read(sc, 'escape-html', sc.variants.rules.escapeHtml) ? escapeHtml(result.text) : result.text;
      conn.run(async () => {
        const record = newMessage({ id: randomUUID(), roomId: conn.state.room.id, senderId: conn.state.senderId, content });
        await write(sc, 'message', () => store.addMessage(record));
        const frame = frameOut(sc, 'chat', broadcastView(record, conn.state.room, conn.state.senderType), { room: conn.state.room });
        if (frame) await publishFromConnection(sc, conn, String(conn.state.room.id), frameText(frame, sc.selfCheck));
      });
    },
  };
}
