// Fiko chat backend: an independent, in-memory implementation written from the
// "WebSocket API Documentation - Fiko Backend" document alone.
//
//   node --import tsx test/independent/fiko/server.ts --port 8123 [--target-out FILE]
//
// See CHOICES.md (same folder) for every decision taken where the document is silent.

import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, WebSocket } from 'ws';
import { SignJWT, jwtVerify } from 'jose';

// ---------------------------------------------------------------- constants

const ACCESS_TTL_S = 60 * 60; // 1 hour
const REFRESH_TTL_S = 7 * 24 * 60 * 60; // 7 days
const RECENT_LIMIT = 50; // messages in recent_messages
const MAX_CONTENT = 4096; // characters per chat message (Telegram's limit)
const MAX_FRAME = 64 * 1024; // bytes per incoming WebSocket frame
const MAX_BODY = 64 * 1024; // bytes per HTTP request body
const HOOK_PATH = '/__test__/customer-message';

const CLOSE_AUTH = 1008; // documented: "Authentication failed"
const CLOSE_FORBIDDEN = 4003; // our choice: conversation missing or not accessible

// ---------------------------------------------------------------- model

interface User {
  id: number;
  username: string;
  password: string;
  displayName: string;
}
interface Customer {
  id: number;
  first_name: string;
  last_name: string;
  source: 'telegram' | 'instagram';
}
interface Message {
  id: string;
  content: string;
  type: 'customer' | 'support';
  senderId: number | null; // support user for type=support
  created: Date;
  read: boolean; // meaningful for customer messages
}
interface Conversation {
  id: string;
  source: 'telegram' | 'instagram';
  status: 'active';
  customer: Customer;
  ownerId: number;
  assigned: Set<number>; // users with access (owner included)
  messages: Message[];
  created: Date;
  updated: Date;
}

/** ISO-8601 UTC with second precision and a trailing Z, exactly like the document's examples. */
function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

interface Client {
  ws: WebSocket;
  user: User;
  kind: 'list' | 'chat';
  conversationId?: string;
  expiryTimer?: NodeJS.Timeout;
}

// ---------------------------------------------------------------- server

export async function start(opts?: { port?: number }): Promise<{
  baseUrl: string;
  target: Record<string, unknown>;
  close(): Promise<void>;
}> {
  const secret = new Uint8Array(randomBytes(32));
  const users = new Map<number, User>();
  const usersByName = new Map<string, User>();
  const conversations = new Map<string, Conversation>();
  const clients = new Set<Client>();
  let msgSeq = 1000;
  let convSeq = 100;

  // ---------------- fixtures
  const addUser = (id: number, username: string, password: string, displayName: string) => {
    const u: User = { id, username, password, displayName };
    users.set(id, u);
    usersByName.set(username, u);
    return u;
  };
  const agent = addUser(101, 'agent', 'agent-Pass-2024', 'Support Agent');
  const colleague = addUser(102, 'colleague', 'colleague-Pass-2024', 'Colleague Agent');
  const outsider = addUser(103, 'outsider', 'outsider-Pass-2024', 'Outsider Agent');

  const now = Date.now();
  const ago = (min: number) => new Date(Math.floor((now - min * 60_000) / 1000) * 1000);
  const newMsgId = () => `msg_${++msgSeq}`;
  const addConversation = (
    ownerId: number,
    assigned: number[],
    customer: Customer,
    history: Array<[Message['type'], string, number, boolean]>, // type, content, minutes ago, read
  ): Conversation => {
    const id = `conv_${++convSeq}`;
    const messages: Message[] = history.map(([type, content, min, read]) => ({
      id: newMsgId(),
      content,
      type,
      senderId: type === 'support' ? ownerId : null,
      created: ago(min),
      read: type === 'support' ? true : read,
    }));
    const created = ago(history.length ? history[0][2] + 1 : 60);
    const updated = messages.length ? messages[messages.length - 1].created : created;
    const c: Conversation = {
      id,
      source: customer.source,
      status: 'active',
      customer,
      ownerId,
      assigned: new Set([ownerId, ...assigned]),
      messages,
      created,
      updated,
    };
    conversations.set(id, c);
    return c;
  };
  const fixture = addConversation(
    agent.id,
    [colleague.id],
    { id: 1, first_name: 'John', last_name: 'Doe', source: 'telegram' },
    [
      ['customer', 'Hello, I have a question about my order', 60, true],
      ['support', 'Hi John, how can I help you?', 58, true],
      ['customer', 'My order #4411 has not arrived yet', 30, true],
      ['support', 'Let me check that for you.', 29, true],
      ['customer', 'Any news?', 10, false],
      ['customer', 'Hello?', 5, false],
    ],
  );
  addConversation(
    agent.id,
    [],
    { id: 2, first_name: 'Sara', last_name: 'Ahmadi', source: 'instagram' },
    [
      ['customer', 'Is this still available?', 120, true],
      ['support', 'Yes, it is.', 118, true],
    ],
  );
  const outsiderConv = addConversation(
    outsider.id,
    [],
    { id: 3, first_name: 'Ali', last_name: 'Rezaei', source: 'telegram' },
    [['customer', 'Hi there', 40, false]],
  );

  // ---------------- tokens
  const sign = async (user: User, type: 'access' | 'refresh', iatS: number, ttlS: number) =>
    new SignJWT({ token_type: type, user_id: user.id, username: user.username, jti: randomBytes(12).toString('hex') })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(iatS)
      .setExpirationTime(iatS + ttlS)
      .sign(secret);
  const nowS = () => Math.floor(Date.now() / 1000);
  /** Returns the user and expiry (seconds) of a valid token of the wanted type, else null. */
  const verify = async (token: string, type: 'access' | 'refresh'): Promise<{ user: User; exp: number } | null> => {
    try {
      const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'] });
      if (payload.token_type !== type || typeof payload.user_id !== 'number' || typeof payload.exp !== 'number') return null;
      const user = users.get(payload.user_id);
      return user ? { user, exp: payload.exp } : null;
    } catch {
      return null;
    }
  };

  // ---------------- serializers
  const customerName = (c: Conversation) => `${c.customer.first_name} ${c.customer.last_name}`.trim();
  const msgJson = (c: Conversation, m: Message) => {
    const out: Record<string, unknown> = {
      id: m.id,
      content: m.content,
      type: m.type,
      customer: { first_name: c.customer.first_name, last_name: c.customer.last_name },
      created_at: iso(m.created),
    };
    if (m.type === 'support' && m.senderId !== null) {
      const s = users.get(m.senderId);
      out.sender = { id: m.senderId, username: s ? s.displayName : null };
    }
    return out;
  };
  const unread = (c: Conversation) => c.messages.filter((m) => m.type === 'customer' && !m.read).length;
  const convJson = (c: Conversation) => {
    const last = c.messages[c.messages.length - 1];
    return {
      id: c.id,
      title: `${c.source} - ${customerName(c)}`,
      source: c.source,
      status: c.status,
      customer: { ...c.customer },
      last_message: last ? { content: last.content, type: last.type, created_at: iso(last.created) } : null,
      unread_count: unread(c),
      created_at: iso(c.created),
      updated_at: iso(c.updated),
    };
  };
  const canAccess = (u: User, c: Conversation) => c.assigned.has(u.id);

  // ---------------- fan-out
  const send = (cl: Client, frame: Record<string, unknown>) => {
    if (cl.ws.readyState === WebSocket.OPEN) cl.ws.send(JSON.stringify(frame));
  };
  const sendError = (cl: Client, error: string, message: string) => send(cl, { type: 'error', error, message });
  const roomClients = (convId: string) => [...clients].filter((x) => x.kind === 'chat' && x.conversationId === convId);
  const listClientsFor = (c: Conversation) => [...clients].filter((x) => x.kind === 'list' && canAccess(x.user, c));
  const toRoom = (convId: string, frame: Record<string, unknown>, except?: Client) => {
    for (const x of roomClients(convId)) if (x !== except) send(x, frame);
  };
  const toLists = (c: Conversation, frame: Record<string, unknown>) => {
    for (const x of listClientsFor(c)) send(x, frame);
  };

  /** "A customer writes TEXT" (Telegram/Instagram side) — every documented effect. */
  const customerWrites = (c: Conversation, text: string): Message => {
    const m: Message = { id: newMsgId(), content: text, type: 'customer', senderId: null, created: new Date(), read: false };
    c.messages.push(m);
    c.updated = m.created;
    toRoom(c.id, { type: 'chat_message', message: msgJson(c, m) });
    toLists(c, {
      type: 'new_customer_message',
      conversation_id: c.id,
      message: { id: m.id, content: m.content, type: m.type, created_at: iso(m.created) },
      timestamp: iso(m.created),
    });
    return m;
  };

  // ---------------- HTTP
  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    const data = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) });
    res.end(data);
  };
  const readBody = (req: http.IncomingMessage): Promise<Record<string, unknown> | null | 'too_large'> =>
    new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      req.on('data', (ch: Buffer) => {
        if (done) return;
        size += ch.length;
        if (size > MAX_BODY) {
          done = true;
          resolve('too_large');
          return;
        }
        chunks.push(ch);
      });
      req.on('end', () => {
        if (done) return;
        done = true;
        const raw = Buffer.concat(chunks).toString('utf8');
        const ct = String(req.headers['content-type'] || '');
        if (ct.includes('application/x-www-form-urlencoded')) {
          resolve(Object.fromEntries(new URLSearchParams(raw)));
          return;
        }
        if (raw.trim() === '') {
          resolve({});
          return;
        }
        try {
          const v = JSON.parse(raw);
          resolve(v && typeof v === 'object' && !Array.isArray(v) ? v : null);
        } catch {
          resolve(null);
        }
      });
      req.on('error', () => {
        if (!done) {
          done = true;
          resolve(null);
        }
      });
    });

  const issuePair = async (user: User) => ({
    access: await sign(user, 'access', nowS(), ACCESS_TTL_S),
    refresh: await sign(user, 'refresh', nowS(), REFRESH_TTL_S),
  });

  const handleHttp = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url || '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const routes: Record<string, (body: Record<string, unknown>) => Promise<void> | void> = {
      // login (SimpleJWT style): {username, password} -> {access, refresh}
      '/api/token': async (body) => {
        const missing: Record<string, string[]> = {};
        for (const f of ['username', 'password']) {
          if (typeof body[f] !== 'string' || body[f] === '') missing[f] = ['This field is required.'];
        }
        if (Object.keys(missing).length) return json(res, 400, missing);
        const u = usersByName.get(body.username as string);
        if (!u || u.password !== body.password) {
          return json(res, 401, { detail: 'No active account found with the given credentials' });
        }
        json(res, 200, { ...(await issuePair(u)), user: { id: u.id, username: u.username } });
      },
      // refresh: {refresh} -> {access, refresh}
      '/api/token/refresh': async (body) => {
        const tok = body.refresh ?? body.refresh_token ?? body.refreshToken;
        if (typeof tok !== 'string' || tok === '') return json(res, 400, { refresh: ['This field is required.'] });
        const v = await verify(tok, 'refresh');
        if (!v) return json(res, 401, { detail: 'Token is invalid or expired', code: 'token_not_valid' });
        json(res, 200, await issuePair(v.user));
      },
      // test-only hook: a customer writes `text` into conversation `conversation`
      [HOOK_PATH]: (body) => {
        const convId = body.conversation ?? body.conversation_id;
        const text = body.text ?? body.content;
        if (typeof convId !== 'string' && typeof convId !== 'number') {
          return json(res, 400, { detail: 'conversation is required' });
        }
        if (typeof text !== 'string' || text.trim() === '') return json(res, 400, { detail: 'text is required' });
        const c = conversations.get(String(convId));
        if (!c) return json(res, 404, { detail: 'Conversation not found' });
        const m = customerWrites(c, text);
        json(res, 201, { conversation_id: c.id, message: msgJson(c, m) });
      },
    };
    const route = routes[path];
    if (!route) return json(res, 404, { detail: 'Not found.' });
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return json(res, 405, { detail: `Method "${req.method}" not allowed.` });
    }
    const body = await readBody(req);
    if (body === 'too_large') return json(res, 413, { detail: 'Request body too large' });
    if (body === null) return json(res, 400, { detail: 'JSON parse error' });
    await route(body);
  };

  const server = http.createServer((req, res) => {
    handleHttp(req, res).catch(() => {
      if (!res.headersSent) json(res, 500, { detail: 'Internal server error' });
      else res.destroy();
    });
  });

  // ---------------- WebSocket
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url || '/', 'http://127.0.0.1');
    const p = url.pathname;
    let kind: 'list' | 'chat' | null = null;
    let convId: string | undefined;
    if (/^\/ws\/conversations\/?$/.test(p)) kind = 'list';
    else {
      const m = /^\/ws\/chat\/([^/]+)\/?$/.exec(p);
      if (m) {
        kind = 'chat';
        try {
          convId = decodeURIComponent(m[1]);
        } catch {
          convId = m[1];
        }
      }
    }
    if (!kind) {
      socket.write('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.destroy();
      return;
    }
    const token = url.searchParams.get('token') || '';
    wss.handleUpgrade(req, socket, head, (ws) => {
      void onConnect(ws, kind!, convId, token);
    });
  });

  const refuse = (ws: WebSocket, code: number, error: string, message: string, reason: string) => {
    if (ws.readyState === WebSocket.OPEN) {
      ws.send(JSON.stringify({ type: 'error', error, message }));
      ws.close(code, reason);
    }
  };

  const onConnect = async (ws: WebSocket, kind: 'list' | 'chat', convId: string | undefined, token: string) => {
    // Frames that arrive before authentication has finished are queued.
    const early: Buffer[] = [];
    const earlyHandler = (d: Buffer) => early.push(Buffer.from(d));
    ws.on('message', earlyHandler);
    ws.on('error', () => {});

    const v = token ? await verify(token, 'access') : null;
    if (ws.readyState !== WebSocket.OPEN) return;
    if (!v) {
      refuse(ws, CLOSE_AUTH, 'Authentication required', 'توکن نامعتبر یا منقضی شده است', 'Authentication failed');
      return;
    }
    let conv: Conversation | undefined;
    if (kind === 'chat') {
      conv = conversations.get(convId!);
      if (!conv || !canAccess(v.user, conv)) {
        refuse(ws, CLOSE_FORBIDDEN, 'Conversation not found or access denied', 'دسترسی به این گفتگو مجاز نیست', 'Forbidden');
        return;
      }
    }
    const cl: Client = { ws, user: v.user, kind, conversationId: conv?.id };
    // Token expiry while connected: drop the connection with the auth close code.
    const msLeft = v.exp * 1000 - Date.now();
    cl.expiryTimer = setTimeout(
      () => refuse(ws, CLOSE_AUTH, 'Authentication required', 'توکن منقضی شده است', 'Token expired'),
      Math.min(Math.max(msLeft, 0), 2 ** 31 - 1),
    );
    const wasOnline = conv ? roomClients(conv.id).some((x) => x.user.id === v.user.id) : true;
    clients.add(cl);

    ws.on('close', () => {
      clearTimeout(cl.expiryTimer);
      clients.delete(cl);
      if (conv && !roomClients(conv.id).some((x) => x.user.id === cl.user.id)) {
        toRoom(conv.id, {
          type: 'user_presence',
          user_id: cl.user.id,
          username: cl.user.displayName,
          is_online: false,
          timestamp: iso(new Date()),
        });
      }
    });

    if (conv) {
      const msgs = conv.messages.slice(-RECENT_LIMIT);
      send(cl, { type: 'recent_messages', messages: msgs.map((m) => msgJson(conv!, m)), timestamp: iso(new Date()) });
      if (!wasOnline) {
        toRoom(
          conv.id,
          { type: 'user_presence', user_id: cl.user.id, username: cl.user.displayName, is_online: true, timestamp: iso(new Date()) },
          cl,
        );
      }
    }

    ws.off('message', earlyHandler);
    ws.on('message', (d: Buffer, isBinary: boolean) => onFrame(cl, conv, d, isBinary));
    for (const d of early) onFrame(cl, conv, d, false);
  };

  const onFrame = (cl: Client, conv: Conversation | undefined, data: Buffer, _isBinary: boolean) => {
    if (cl.ws.readyState !== WebSocket.OPEN) return;
    let frame: unknown;
    try {
      frame = JSON.parse(data.toString('utf8'));
    } catch {
      return sendError(cl, 'Invalid JSON', 'فرمت پیام نامعتبر است');
    }
    if (!frame || typeof frame !== 'object' || Array.isArray(frame)) {
      return sendError(cl, 'Invalid JSON', 'فرمت پیام نامعتبر است');
    }
    const f = frame as Record<string, unknown>;
    const type = f.type;
    if (typeof type !== 'string' || type === '') {
      return sendError(cl, 'Message type is required', 'نوع پیام مشخص نشده است');
    }

    if (cl.kind === 'list') {
      if (type === 'get_conversations' || type === 'refresh_conversations') {
        const list = [...conversations.values()]
          .filter((c) => canAccess(cl.user, c))
          .sort((a, b) => b.updated.getTime() - a.updated.getTime() || (a.id < b.id ? 1 : -1))
          .map(convJson);
        return send(cl, { type: 'conversations_list', conversations: list, timestamp: iso(new Date()) });
      }
      return sendError(cl, `Unknown message type: ${type}`, 'نوع پیام پشتیبانی نمی‌شود');
    }

    const c = conv!;
    switch (type) {
      case 'chat_message': {
        if (f.content !== undefined && f.content !== null && typeof f.content !== 'string') {
          return sendError(cl, 'Message content must be a string', 'خطا در ارسال پیام');
        }
        const content = typeof f.content === 'string' ? f.content.trim() : '';
        if (!content) return sendError(cl, 'Message content cannot be empty', 'خطا در ارسال پیام');
        if ([...content].length > MAX_CONTENT) {
          return sendError(cl, `Message content cannot exceed ${MAX_CONTENT} characters`, 'خطا در ارسال پیام');
        }
        const m: Message = { id: newMsgId(), content, type: 'support', senderId: cl.user.id, created: new Date(), read: true };
        c.messages.push(m);
        c.updated = m.created;
        // "Send to Telegram / Instagram": simulated, always succeeds.
        toRoom(c.id, {
          type: 'chat_message',
          message: msgJson(c, m),
          external_send_result: { success: true, platform: c.source },
        });
        toLists(c, { type: 'conversation_updated', conversation_id: c.id });
        return;
      }
      case 'typing': {
        if (typeof f.is_typing !== 'boolean') {
          return sendError(cl, 'is_typing must be a boolean', 'مقدار is_typing نامعتبر است');
        }
        toRoom(
          c.id,
          {
            type: 'typing_indicator',
            user_id: cl.user.id,
            username: cl.user.displayName,
            is_typing: f.is_typing,
            conversation_id: c.id,
            timestamp: iso(new Date()),
          },
          cl,
        );
        return;
      }
      case 'mark_read': {
        let changed = false;
        for (const m of c.messages) {
          if (m.type === 'customer' && !m.read) {
            m.read = true;
            changed = true;
          }
        }
        toRoom(c.id, { type: 'messages_read', user_id: cl.user.id, conversation_id: c.id, timestamp: iso(new Date()) });
        if (changed) toLists(c, { type: 'conversation_updated', conversation_id: c.id });
        return;
      }
      default:
        return sendError(cl, `Unknown message type: ${type}`, 'نوع پیام پشتیبانی نمی‌شود');
    }
  };

  // ---------------- listen
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts?.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  const wsUrl = `ws://127.0.0.1:${port}`;

  const expired = async (u: User) => sign(u, 'access', nowS() - 2 * ACCESS_TTL_S, ACCESS_TTL_S);
  const userEntry = async (u: User) => ({
    credentials: { username: u.username, password: u.password },
    id: u.id,
    expiredToken: await expired(u),
  });

  const target: Record<string, unknown> = {
    profile: 'fiko',
    baseUrl,
    wsUrl,
    users: {
      agent: await userEntry(agent),
      colleague: await userEntry(colleague),
      outsider: await userEntry(outsider),
    },
    fixtures: {
      conversation: fixture.id,
      outsiderConversation: outsiderConv.id,
    },
    endpoints: {
      'auth.login': { path: '/api/token/', method: 'POST', accessPath: 'access', refreshPath: 'refresh' },
      'auth.refresh': { path: '/api/token/refresh/', method: 'POST', accessPath: 'access', refreshPath: 'refresh' },
    },
    hooks: {
      customerMessage: {
        http: { method: 'POST', path: HOOK_PATH, body: { conversation: '{conversation}', text: '{text}' } },
      },
    },
  };

  let closing: Promise<void> | null = null;
  return {
    baseUrl,
    target,
    close() {
      if (closing) return closing;
      closing = new Promise<void>((resolve) => {
        for (const cl of clients) clearTimeout(cl.expiryTimer);
        for (const ws of wss.clients) ws.terminate();
        clients.clear();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

// ---------------------------------------------------------------- CLI

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const args = process.argv.slice(2);
  const arg = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const port = Number(arg('--port') ?? 0);
  const out = arg('--target-out');
  const srv = await start({ port });
  const text = JSON.stringify(srv.target, null, 2);
  if (out) {
    writeFileSync(out, text + '\n');
    console.log(`fiko server listening on ${srv.baseUrl}; target written to ${out}`);
  } else {
    console.log(text);
  }
  const stop = () => {
    void srv.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
