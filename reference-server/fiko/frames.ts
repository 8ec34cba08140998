// What both Fiko sockets share: reading a client frame (D-fiko-19: invalid JSON; D-fiko-05: which socket
// takes which `type`), error frames (D-fiko-04), and the events an agent's list sockets get when one of its
// conversations changes (D-fiko-13).
import { ServerError } from '../errors.ts';
import type { ServerContext } from '../dialect.ts';
import type { Json } from '../fault-spec.ts';
import type { RoomRecord } from '../store.ts';
import type { Connection } from '../ws.ts';
import { frameOut, sendErrorFrame } from '../seams.ts';
import { agentsOf, errorFrame, frameText, listRoom } from './wire.ts';

export const LIST_FRAMES = new Set(['get_conversations', 'refresh_conversations']);
export const CHAT_FRAMES = new Set(['chat_message', 'typing', 'mark_read']);

export const INVALID_JSON = () => new ServerError('INVALID_JSON', { message: 'Invalid JSON' });
export const UNKNOWN_TYPE = () => new ServerError('UNSUPPORTED_TYPE', { message: 'Unknown message type' });
export const EMPTY_CONTENT = () => new ServerError('EMPTY_MESSAGE', { message: 'Message content cannot be empty' });

/** The frame as an object with its `type`, or the error to answer it with. */
export function parseFrame(data: Buffer, isBinary: boolean): { type: string; body: Json } | ServerError {
  if (isBinary) return INVALID_JSON();
  let body: unknown;
  try {
    body = JSON.parse(data.toString('utf8'));
  } catch {
    return INVALID_JSON();
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return UNKNOWN_TYPE();
  const type = (body as Json).type;
  return typeof type === 'string' ? { type, body: body as Json } : UNKNOWN_TYPE();
}

/**
 * Answers a refused frame with an error frame; the socket stays open (D-fiko-05). `foreign` marks a frame
 * that belongs to the other socket.
 */
export function sendError(sc: ServerContext, conn: Connection<unknown>, err: ServerError, foreign = false): void {
  const base: Json = { ...errorFrame(err) };
  if (sc.variants.rules.errorWithoutMessage) delete base.message;
  sendErrorFrame(sc, conn, base, { code: err.code, foreign }, (f) => frameText(f, sc));
}

/** D-fiko-13: `conversation_updated` to the list sockets of every agent of the conversation. */
export async function conversationUpdated(sc: ServerContext, room: RoomRecord): Promise<void> {
  const frame = frameOut(sc, 'updated', { type: 'conversation_updated', conversation_id: String(room.id) }, { room });
  if (frame) await sc.bus.publish(agentsOf(room).map(listRoom), frameText(frame, sc));
}
