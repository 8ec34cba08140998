// §3 of document 000: /ws/chat/{id}/?token=... Admission decides the close code (§3.4, D-medmapp-07/08);
// each text frame is validated, rate limited (D-medmapp-06), escaped (D-medmapp-13), stored and broadcast
// to the conversation's group, sender included (D-medmapp-18).
import { ServerError } from '../errors.ts';
import { publishFromConnection } from '../publish.ts';
import { TokenBucket } from '../rate-limit.ts';
import type { ServerContext } from '../dialect.ts';
import type { UserRecord } from '../store.ts';
import type { Connection, SocketEndpoint } from '../ws.ts';
import { escapeHtml } from '../django.ts';
import { variedClose } from '../variant-seams.ts';
import { isMember, messageView } from './serialize.ts';
import { chatMessageFrame, errorFrame, frameText } from './wire.ts';

export interface MedmappSocketState {
  user: UserRecord;
  roomId: number;
  limiter: TokenBucket | null;
  /** Accepted messages so far (the `reorder-broadcast` fault holds back every 2nd). */
  accepted: number;
  held?: string;
}


export function medmappSocket(sc: ServerContext): SocketEndpoint<MedmappSocketState> {
  const { faults, jwt, store } = sc;

  function limiter(): TokenBucket | null {
    if (faults.has('no-rate-limit')) return null;
    return new TokenBucket({
      limit: faults.has('rate-limit-false-positive') ? 4 : 5,
      windowMs: 1000,
      ...(faults.has('rate-limit-never-resets') ? { penaltyMs: 10_000 } : {}),
    });
  }

  function sendError(conn: Connection<MedmappSocketState>, err: ServerError): void {
    const text = frameText(errorFrame(err, faults, sc.variants.rules), sc.selfCheck);
    conn.run(async () => {
      conn.send(text);
      if (faults.has('close-after-error') || sc.variants.effect.closeAfterError) conn.close(variedClose(new ServerError('BAD_WS_PATH'), sc.variants));
    });
  }

  function publish(conn: Connection<MedmappSocketState>, frame: string): Promise<void> {
    return publishFromConnection(sc, conn, String(conn.state.roomId), frame);
  }


  /** Returns the text to store, or a ServerError for the error frame. */
  function validate(data: Buffer, isBinary: boolean): string | ServerError | undefined {
    if (isBinary) return new ServerError('INVALID_JSON', { message: "Binary frame qabul qilinmaydi; JSON matn yuboring." });
    let body: unknown;
    try {
      body = JSON.parse(data.toString('utf8'));
    } catch {
      return faults.has('invalid-json-ignored') ? undefined : new ServerError('INVALID_JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return new ServerError('INVALID_MESSAGE', { message: "Xabar JSON obyekt bo'lishi kerak." });
    }
    const { type, message } = body as { type?: unknown; message?: unknown };
    if (type === undefined && faults.has('type-required')) {
      return new ServerError('INVALID_MESSAGE', { message: "'type' maydoni majburiy." });
    }
    if (type !== undefined && type !== 'text' && !faults.has('unknown-type-accepted')) return new ServerError('UNSUPPORTED_TYPE');
    let text: string;
    if (typeof message === 'string') text = message;
    else if ((typeof message === 'number' || typeof message === 'boolean') && faults.has('wrong-field-type-accepted')) text = String(message);
    else if (typeof message === 'number' && faults.has('wrong-type-internal-error')) return new ServerError('INTERNAL');
    else return new ServerError('INVALID_MESSAGE');
    if (text.trim() === '' && !faults.has('empty-message-accepted')) return new ServerError('EMPTY_MESSAGE');
    return text;
  }

  return {
    op: 'chat',

    async admit(_req, url, params) {
      const id = params.id ?? '';
      if (!/^\d{1,15}$/.test(id) || Number(id) < 1) {
        throw new ServerError('BAD_WS_PATH', faults.has('ws-malformed-id-wrong-code') ? { close: 4500 } : {});
      }
      const token = url.searchParams.get('token');
      if (!token) throw new ServerError('AUTH_MISSING', faults.has('ws-no-token-wrong-code') ? { close: 1008 } : {});
      let userId;
      try {
        ({ userId } = await jwt.verify(token, {
          ...(faults.has('ws-accepts-refresh-token') ? {} : { type: 'access' as const }),
          ignoreExpiry: faults.has('ws-accepts-expired-token'),
        }));
      } catch (err) {
        if (err instanceof ServerError && err.code === 'TOKEN_INVALID' && faults.has('ws-bad-token-wrong-code')) {
          throw new ServerError('TOKEN_INVALID', { close: 4003 });
        }
        throw err;
      }
      const user = await store.getUser(userId);
      if (!user) throw new ServerError('TOKEN_INVALID', { message: 'User not found' });
      const room = await store.getRoom(Number(id));
      if (!room) throw new ServerError('UNKNOWN_ROOM', faults.has('ws-unknown-conversation-wrong-code') ? { close: 4004 } : {});
      if (!isMember(room, user.id) && !faults.has('ws-no-participant-check')) throw new ServerError('FORBIDDEN_ROOM');
      return { rooms: [String(room.id)], userId: user.id, state: { user, roomId: Number(room.id), limiter: limiter(), accepted: 0 } };
    },

    refuseStatus: (err) => (faults.has('ws-reject-handshake-403') ? 403 : faults.has('ws-malformed-id-500') && err.code === 'BAD_WS_PATH' ? 500 : undefined),

    onMessage(conn, data, isBinary) {
      const result = validate(data, isBinary);
      if (result === undefined) return;
      if (result instanceof ServerError) return sendError(conn, result);
      // The rate decision is taken on arrival (synchronously), before any await.
      const { limiter: window } = conn.state;
      if (window && !window.take()) {
        sendError(conn, new ServerError('RATE_LIMIT_EXCEEDED', { extra: { retry_after: 1 } }));
        if (!faults.has('rate-limited-still-delivered')) return;
      }
      const text = sc.variants.effect.trim ? result.trim() : result;
      const content = faults.has('no-html-escape') ? text : escapeHtml(text);
      conn.run(async () => {
        const record = {
          id: await store.nextId('message'),
          roomId: conn.state.roomId,
          senderId: conn.state.user.id,
          type: 'text',
          content,
          createdAt: Date.now(),
          readByRecipient: false,
          attachments: [],
        };
        if (!faults.has('messages-not-persisted')) await store.addMessage(record);
        await publish(conn, frameText(chatMessageFrame(messageView(record, conn.state.user, '', faults), sc.variants.rules), sc.selfCheck));
      });
    },
  };
}
