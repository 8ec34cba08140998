// 002 §WebSocket URL and §Authentication: /ws/chat/{chat_id}/ with the access token in `?token=` or in an
// `Authorization: Bearer` header on the upgrade (the query wins when both are given, D-carechat-10). The
// upgrade is accepted and closed before any frame when refused (D-carechat-08: 4001/4003/4000). Each text
// frame `{content, role?}` (§Sending Messages) is validated (D-carechat-05/06/07), stored, and broadcast as
// `{"message": {…}}` to every socket of the chat, the sender's included (D-carechat-11).
import { randomUUID } from 'node:crypto';
import { ServerError } from '../errors.ts';
import type { ServerContext } from '../dialect.ts';
import { newMessage, type RoomRecord } from '../store.ts';
import type { Connection, SocketEndpoint } from '../ws.ts';
import { escapeHtml } from '../django.ts';
import { publishFromConnection } from '../publish.ts';
import { TokenBucket } from '../rate-limit.ts';
import { frameOut, sendErrorFrame, read, refuse, valid, write } from '../seams.ts';
import { UUID, bearer, userFromToken } from './auth.ts';
import { FIXTURE_USERS, newChat, userOf, type FixtureUser, type Side } from './seed.ts';
import { broadcastView, errorFrame, frameText } from './wire.ts';

export interface CarechatSocketState {
  chat: RoomRecord;
  user: FixtureUser;
  /** the side the user takes in this chat: what a message without `role` is sent as */
  side: Side;
  bucket?: TokenBucket;
}

const ROLES: Record<string, Side> = { patient: 'patient', professional: 'professional', provider: 'professional' };
const INVALID_JSON = 'Invalid JSON';

/** The side `user` takes in `chat`, if any (a chat is never with oneself, D-carechat-13). */
function sideIn(chat: RoomRecord, user: FixtureUser): Side | undefined {
  if (chat.labels?.patient && chat.labels.patient === user.profiles.patient) return 'patient';
  if (chat.labels?.professional && chat.labels.professional === user.profiles.professional) return 'professional';
  return undefined;
}

export function carechatSocket(sc: ServerContext): SocketEndpoint<CarechatSocketState> {
  const { store } = sc;
  const rules = sc.variants.rules;

  function sendError(conn: Connection<CarechatSocketState>, err: ServerError): void {
    sendErrorFrame(sc, conn as Connection<unknown>, errorFrame(err), { code: err.code }, (f) => frameText(f, sc.selfCheck));
  }

  /** The content to store and the side to send it as, or the error for the error frame (D-carechat-05/06/07). */
  function validate(conn: Connection<CarechatSocketState>, data: Buffer, isBinary: boolean): { content: string; side: Side; role?: string } | ServerError {
    const format = () => new ServerError('INVALID_JSON', { message: INVALID_JSON });
    if (isBinary) return format();
    let body: unknown;
    try {
      body = JSON.parse(data.toString('utf8'));
    } catch {
      return format();
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return format();
    const { content, role } = body as { content?: unknown; role?: unknown };
    if (content !== undefined && content !== null && typeof content !== 'string') return format();
    const text = typeof content === 'string' ? content : '';
    if (!valid(sc, 'message-not-empty', text.trim() !== '')) return new ServerError('EMPTY_MESSAGE', { message: 'Message content cannot be empty' });
    const { user, side } = conn.state;
    const both = user.profiles.patient !== undefined && user.profiles.professional !== undefined;
    const auto = read(sc, 'role.auto', side, { both });
    if (role === undefined || role === null) return { content: text, side: auto };
    const wrongRole = () => new ServerError('INVALID_MESSAGE', { message: rules.wrongRoleText });
    const named = typeof role === 'string' ? ROLES[role] : undefined;
    if (!valid(sc, 'role-known', named !== undefined)) return new ServerError('INVALID_MESSAGE', { message: 'Role must be "patient", "professional" or "provider"' });
    if (role === 'provider' && !valid(sc, 'role-provider-alias', true)) return new ServerError('INVALID_MESSAGE', { message: 'Role must be "patient" or "professional"' });
    if (!valid(sc, 'role-explicit', true)) return wrongRole();
    const as = named ?? auto;
    if (!valid(sc, 'role-matches-chat', as === side)) return wrongRole();
    return { content: text, side: as, role: String(role) };
  }

  return {
    op: 'chat',

    async admit(req, url, params) {
      const id = params.id ?? '';
      if (!UUID.test(id)) return refuse(sc, 'ws-bad-path', new ServerError('BAD_WS_PATH'));
      const query = read(sc, 'ws.query-token', url.searchParams.get('token') || null);
      const preferHeader = read(sc, 'ws.prefer-header', rules.headerPreferred);
      // The header is read only when it decides: a malformed one beside a query token that wins is ignored.
      let header: string | null = null;
      if (preferHeader || query === null) {
        try {
          header = read(sc, 'ws.header-token', bearer(req) ?? null);
        } catch (err) {
          if (!(err instanceof ServerError)) throw err;
          return refuse(sc, 'ws-bad-token', err);
        }
      }
      const token = preferHeader ? (header ?? query) : (query ?? header);
      let user: FixtureUser;
      if (token === null) {
        const instead = await refuse(sc, 'ws-no-token', new ServerError('AUTH_MISSING'), { fallback: FIXTURE_USERS[0] });
        user = userOf(String(instead.id))!;
      } else {
        try {
          user = await userFromToken(sc, token, 'ws');
        } catch (err) {
          if (!(err instanceof ServerError)) throw err;
          return refuse(sc, 'ws-bad-token', err);
        }
      }
      const chatId = id.toLowerCase();
      const chat = (await store.getRoom(chatId)) ?? (await refuse(sc, 'ws-chat-missing', new ServerError('UNKNOWN_ROOM'), { make: () => newChat(chatId, user.profiles.patient ?? '', '') }));
      let side = sideIn(chat, user);
      if (!side) {
        await refuse(sc, 'ws-not-participant', new ServerError('FORBIDDEN_ROOM'));
        side = user.profiles.patient ? 'patient' : 'professional';
      }
      const perSecond = rules.messagesPerSecond;
      const spec = read(sc, 'rate-limit', perSecond > 0 ? { limit: perSecond, windowMs: 1000 } : null);
      return { rooms: [String(chat.id)], userId: user.id, state: { chat, user, side, ...(spec ? { bucket: new TokenBucket(spec) } : {}) } };
    },

    onMessage(conn, data, isBinary) {
      const result = validate(conn, data, isBinary);
      if (result instanceof ServerError) return sendError(conn, result);
      if (conn.state.bucket && !conn.state.bucket.take()) return sendError(conn, new ServerError('RATE_LIMIT_EXCEEDED', { message: 'Rate limit exceeded' }));
      // D-carechat-12: stored and echoed as sent (a fault escapes).
      const content = read(sc, 'escape-html', false) ? escapeHtml(result.content) : result.content;
      conn.run(async () => {
        const record = newMessage({ id: randomUUID(), roomId: conn.state.chat.id, senderId: conn.state.user.id, content });
        await write(sc, 'message', () => store.addMessage(record));
        const frame = frameOut(sc, 'chat', broadcastView(record, result.side, rules.fractionDigits), { chat: conn.state.chat, role: result.role, user: conn.state.user });
        if (frame) await publishFromConnection(sc, conn, String(conn.state.chat.id), frameText(frame, sc.selfCheck));
      });
    },
  };
}
