// §3 of document 000: /ws/chat/{id}/?token=... Admission decides the close code (§3.4, D-medmapp-07/08);
// each text frame is validated, rate limited (D-medmapp-06), escaped (D-medmapp-13), stored and broadcast
// to the conversation's group, sender included (D-medmapp-18).
import { ServerError } from '../errors.ts';
import { publishFromConnection } from '../publish.ts';
import { TokenBucket } from '../rate-limit.ts';
import type { ServerContext } from '../dialect.ts';
import { newMessage, type UserRecord } from '../store.ts';
import type { Connection, SocketEndpoint } from '../ws.ts';
import { escapeHtml } from '../django.ts';
import { frameOut, sendErrorFrame, read, refusal, refuse, valid, verifyAccess, waived, write } from '../seams.ts';
import { isMember, messageView } from './serialize.ts';
import { chatMessageFrame, errorFrame, frameText } from './wire.ts';

export interface MedmappSocketState {
  user: UserRecord;
  roomId: number;
  limiter: TokenBucket | null;
}

export function medmappSocket(sc: ServerContext): SocketEndpoint<MedmappSocketState> {
  const { store } = sc;

  /** D-medmapp-06: 5 messages per second per connection. */
  function limiter(): TokenBucket | null {
    const spec = read(sc, 'rate-limit', { limit: 5, windowMs: 1000 });
    return spec && new TokenBucket(spec);
  }

  function sendError(conn: Connection<MedmappSocketState>, err: ServerError): void {
    sendErrorFrame(sc, conn as Connection<unknown>, errorFrame(err, sc.variants.rules), { code: err.code }, (f) => frameText(f, sc.selfCheck));
  }

  function publish(conn: Connection<MedmappSocketState>, frame: string): Promise<void> {
    return publishFromConnection(sc, conn, String(conn.state.roomId), frame);
  }

  /** Returns the text to store, or a ServerError for the error frame. */
  function validate(data: Buffer, isBinary: boolean): string | ServerError {
    if (isBinary) return new ServerError('INVALID_JSON', { message: "Binary frame qabul qilinmaydi; JSON matn yuboring." });
    let body: unknown;
    try {
      body = JSON.parse(data.toString('utf8'));
    } catch {
      return new ServerError('INVALID_JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return new ServerError('INVALID_MESSAGE', { message: "Xabar JSON obyekt bo'lishi kerak." });
    }
    const { type, message } = body as { type?: unknown; message?: unknown };
    if (type === undefined && !valid(sc, 'type-may-be-omitted', true)) {
      return new ServerError('INVALID_MESSAGE', { message: "'type' maydoni majburiy." });
    }
    if (type !== undefined && !valid(sc, 'type-known', type === 'text')) return new ServerError('UNSUPPORTED_TYPE');
    let text: string;
    if (typeof message === 'string') text = message;
    // A number or boolean is not text (a fault may take it as its string).
    else if ((typeof message === 'number' || typeof message === 'boolean') && valid(sc, 'message-type', false)) text = String(message);
    else return read(sc, 'message-type-error', new ServerError('INVALID_MESSAGE'), { message });
    if (!valid(sc, 'message-not-empty', text.trim() !== '')) return new ServerError('EMPTY_MESSAGE');
    return text;
  }

  return {
    op: 'chat',

    async admit(_req, url, params) {
      const id = params.id ?? '';
      if (!/^\d{1,15}$/.test(id) || Number(id) < 1) return refuse(sc, 'ws-bad-path', new ServerError('BAD_WS_PATH'));
      const token = url.searchParams.get('token');
      if (!token) throw refusal(sc, 'ws-no-credential', new ServerError('AUTH_MISSING'));
      let userId;
      try {
        ({ userId } = await verifyAccess(sc, token, 'ws'));
      } catch (err) {
        if (!(err instanceof ServerError)) throw err;
        return refuse(sc, 'ws-bad-token', err);
      }
      const user = await store.getUser(userId);
      if (!user) throw new ServerError('TOKEN_INVALID', { message: 'User not found' });
      const room = await store.getRoom(Number(id));
      if (!room) return refuse(sc, 'ws-unknown-room', new ServerError('UNKNOWN_ROOM'));
      if (!isMember(room, user.id)) await refuse(sc, 'ws-not-participant', new ServerError('FORBIDDEN_ROOM'));
      return { rooms: [String(room.id)], userId: user.id, state: { user, roomId: Number(room.id), limiter: limiter() } };
    },

    onMessage(conn, data, isBinary) {
      const result = validate(data, isBinary);
      if (result instanceof ServerError) return sendError(conn, result);
      // The rate decision is taken on arrival (synchronously), before any await.
      const { limiter: window } = conn.state;
      if (window && !window.take()) {
        sendError(conn, new ServerError('RATE_LIMIT_EXCEEDED', { extra: { retry_after: 1 } }));
        if (!waived(sc, 'rate-limited')) return;
      }
      const text = sc.variants.effect.trim ? result.trim() : result;
      // D-medmapp-13: stored and sent escaped.
      const content = read(sc, 'escape-html', true) ? escapeHtml(text) : text;
      conn.run(async () => {
        const record = newMessage({ id: await store.nextId('message'), roomId: conn.state.roomId, senderId: conn.state.user.id, content });
        await write(sc, 'message', () => store.addMessage(record));
        const frame = frameOut(sc, 'chat', chatMessageFrame(messageView(record, conn.state.user, ''), sc.variants.rules));
        if (frame) await publish(conn, frameText(frame, sc.selfCheck));
      });
    },
  };
}
