// Document 003 §WebSocket: /ws/chat/<room_id>/ with `?visitor=<visitor_token>` or `?token=<JWT_ACCESS>`.
// Admission decides the close code (D-carinfopro-07: accept, then close 4000/4001/4003); each text frame
// `{"message": …}` is validated (D-carinfopro-08), stored verbatim (D-carinfopro-11) and broadcast to every
// socket of the room, the sender's included (D-carinfopro-09).
import { randomUUID } from 'node:crypto';
import { ServerError } from '../errors.ts';
import type { ServerContext } from '../dialect.ts';
import type { MessageRecord, RoomRecord } from '../store.ts';
import type { Connection, SocketEndpoint } from '../ws.ts';
import { escapeHtml } from '../django.ts';
import { publishFromConnection } from '../publish.ts';
import { variedClose } from '../variant-seams.ts';

import { UUID, ownerFromToken, roomOfVisitor } from './auth.ts';
import { visitorMember } from './seed.ts';
import { broadcastView, errorFrame, frameText, ownerOf } from './wire.ts';

export const MAX_MESSAGE_CHARS = 4000;

export interface CarinfoproSocketState {
  room: RoomRecord;
  senderType: 'owner' | 'visitor';
  senderId: string;
  /** Accepted messages so far (the `reorder-broadcast` fault holds back every 2nd). */
  accepted: number;
  held?: string;
}

const FORMAT = 'Invalid message format';

export function carinfoproSocket(sc: ServerContext): SocketEndpoint<CarinfoproSocketState> {
  const { faults, store } = sc;

  /** Closes for a credential that is valid but not for this room, or a room that does not exist. */
  const forbidden = (exists: boolean) =>
    new ServerError(exists ? 'FORBIDDEN_ROOM' : 'UNKNOWN_ROOM', !exists && faults.has('ws-unknown-room-wrong-code') ? { close: 4004 } : exists && faults.has('ws-forbidden-wrong-code') ? { close: 4001 } : {});

  async function admitOwner(id: string, token: string): Promise<CarinfoproSocketState> {
    let user;
    try {
      user = await ownerFromToken(sc, token);
    } catch (err) {
      if (err instanceof ServerError && err.code === 'TOKEN_INVALID' && faults.has('ws-bad-token-wrong-code')) throw new ServerError('TOKEN_INVALID', { close: 4003 });
      throw err;
    }
    const room = await store.getRoom(id);
    if (!room) throw forbidden(false);
    if (ownerOf(room) !== String(user.id) && !faults.has('ws-any-owner')) throw forbidden(true);
    return { room, senderType: 'owner', senderId: String(user.id), accepted: 0 };
  }

  async function admitVisitor(id: string, token: string | null): Promise<CarinfoproSocketState> {
    const room = await store.getRoom(id);
    let own: RoomRecord | undefined;
    if (token === null) {
      if (!faults.has('ws-no-credential-accepted')) throw new ServerError('AUTH_MISSING', faults.has('ws-no-credential-wrong-code') ? { close: 1008 } : {});
      own = room;
    } else {
      try {
        own = await roomOfVisitor(sc, token);
      } catch (err) {
        if (faults.has('ws-unknown-visitor-token-accepted')) own = room;
        else throw faults.has('ws-unknown-visitor-wrong-code') ? new ServerError('TOKEN_INVALID', { close: 4003, message: 'Invalid visitor token.' }) : err;
      }
    }
    if (!room) throw forbidden(false);
    if (String(own?.id) !== String(room.id) && !faults.has('visitor-token-any-room')) throw forbidden(true);
    return { room, senderType: 'visitor', senderId: visitorMember(room.id), accepted: 0 };
  }

  function sendError(conn: Connection<CarinfoproSocketState>, message: string): void {
    const err = new ServerError(message === FORMAT ? 'INVALID_MESSAGE' : 'EMPTY_MESSAGE', { message });
    const text = frameText(errorFrame(err, faults), sc.selfCheck);
    conn.run(async () => {
      conn.send(text);
      if (faults.has('close-after-error') || sc.variants.effect.closeAfterError) conn.close(variedClose(new ServerError('BAD_WS_PATH'), sc.variants));
    });
  }

  /** The text to store, an error text for the error frame, or undefined to ignore the frame. */
  function validate(data: Buffer, isBinary: boolean): { text: string } | { error: string } | undefined {
    if (isBinary) return { error: FORMAT };
    let body: unknown;
    try {
      body = JSON.parse(data.toString('utf8'));
    } catch {
      return faults.has('invalid-json-ignored') ? undefined : { error: FORMAT };
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return { error: FORMAT };
    const { message } = body as { message?: unknown };
    let text: string;
    if (typeof message === 'string') text = message;
    else if ((typeof message === 'number' || typeof message === 'boolean') && faults.has('wrong-field-type-accepted')) text = String(message);
    else return { error: FORMAT };
    if (text.trim() === '' && !faults.has('empty-message-accepted')) return { error: 'Message cannot be empty' };
    if (text.length > MAX_MESSAGE_CHARS && !faults.has('no-length-limit') && !sc.variants.rules.noLengthLimit) return { error: 'Message too long' };
    return { text: sc.variants.effect.trim ? text.trim() : text };
  }

  async function publish(conn: Connection<CarinfoproSocketState>, frame: string): Promise<void> {
    const room = String(conn.state.room.id);
    if (faults.has('broadcast-across-rooms')) {
      const rooms = await store.listRooms(ownerOf(conn.state.room));
      await Promise.all(rooms.map((r) => sc.bus.publish(String(r.id), frame)));
      return;
    }
    await publishFromConnection(sc, conn, room, frame);
  }

  return {
    op: 'chat',

    async admit(_req, url, params) {
      const id = params.id ?? '';
      if (!UUID.test(id)) throw new ServerError('BAD_WS_PATH', faults.has('ws-malformed-id-wrong-code') ? { close: 4500 } : {});
      const token = url.searchParams.get('token');
      const state = token ? await admitOwner(id.toLowerCase(), token) : await admitVisitor(id.toLowerCase(), url.searchParams.get('visitor') || null);
      // userId is what the log shows: the owner's UUID, or `visitor:<room>` (never the visitor token).
      return { rooms: [String(state.room.id)], userId: state.senderId, state };
    },

    refuseStatus: () => (faults.has('ws-reject-handshake-403') ? 403 : undefined),

    onMessage(conn, data, isBinary) {
      const result = validate(data, isBinary);
      if (result === undefined) return;
      if ('error' in result) return sendError(conn, result.error);
      const content = faults.has('html-escaped') || sc.variants.rules.escapeHtml ? escapeHtml(result.text) : result.text;
      conn.run(async () => {
        const record: MessageRecord = {
          id: randomUUID(),
          roomId: conn.state.room.id,
          senderId: conn.state.senderId,
          type: 'text',
          content,
          createdAt: Date.now(),
          readByRecipient: false,
          attachments: [],
        };
        if (!faults.has('messages-not-persisted')) await store.addMessage(record);
        const frame = broadcastView(record, conn.state.room, conn.state.senderType, faults);
        await publish(conn, frameText(frame, sc.selfCheck));
      });
    },
  };
}
