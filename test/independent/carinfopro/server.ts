// Independent, in-memory implementation of the "Chat API & WebSocket Guide" (carinfopro).
// Written from the API document alone; see CHOICES.md for every decision the document leaves open.
import http from 'node:http';
import { randomUUID, randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { writeFileSync } from 'node:fs';
import { WebSocketServer, WebSocket } from 'ws';
import { SignJWT, jwtVerify } from 'jose';

// ---------------------------------------------------------------- model

interface Owner {
  id: string; // UUID, the "user_id" a visitor names in /api/chat/start/
  username: string;
  password: string;
}

interface Room {
  id: string;
  owner_id: string;
  visitor_name: string;
  visitor_token: string;
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
}

interface Message {
  id: string;
  room_id: string;
  sender_type: 'visitor' | 'owner';
  content: string;
  created_at: Date;
}

type Principal =
  | { kind: 'owner'; owner: Owner }
  | { kind: 'visitor'; room: Room };

const ACCESS_LIFETIME_S = 60 * 60; // 1 hour
const REFRESH_LIFETIME_S = 24 * 60 * 60; // 1 day
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_MESSAGE_CHARS = 5000;
const MAX_VISITOR_NAME_CHARS = 100;
const WS_MAX_PAYLOAD = 64 * 1024;
const WS_PING_INTERVAL_MS = 30_000;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function iso(d: Date): string {
  return d.toISOString();
}

function roomJson(r: Room) {
  return {
    id: r.id,
    owner_id: r.owner_id,
    visitor_name: r.visitor_name,
    is_active: r.is_active,
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
  };
}

function messageJson(m: Message) {
  return {
    id: m.id,
    room_id: m.room_id,
    sender_type: m.sender_type,
    content: m.content,
    created_at: iso(m.created_at),
  };
}

function broadcastJson(m: Message) {
  return {
    id: m.id,
    room_id: m.room_id,
    sender_type: m.sender_type,
    message: m.content,
    created_at: iso(m.created_at),
  };
}

class HttpError extends Error {
  constructor(
    public status: number,
    public body: unknown,
    public headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

const NOT_PROVIDED = () =>
  new HttpError(401, { detail: 'Authentication credentials were not provided.' }, { 'WWW-Authenticate': 'Bearer realm="api"' });

const TOKEN_NOT_VALID = (tokenType: 'access' | 'refresh') =>
  new HttpError(
    401,
    tokenType === 'access'
      ? {
          detail: 'Given token not valid for any token type',
          code: 'token_not_valid',
          messages: [{ token_class: 'AccessToken', token_type: 'access', message: 'Token is invalid or expired' }],
        }
      : { detail: 'Token is invalid or expired', code: 'token_not_valid' },
    { 'WWW-Authenticate': 'Bearer realm="api"' },
  );

const NOT_FOUND = () => new HttpError(404, { detail: 'Not found.' });
const FORBIDDEN = () => new HttpError(403, { detail: 'You do not have permission to perform this action.' });

// ---------------------------------------------------------------- server

export async function start(opts: { port?: number } = {}): Promise<{
  baseUrl: string;
  target: Record<string, unknown>;
  close(): Promise<void>;
}> {
  const secret = randomBytes(32);
  const owners = new Map<string, Owner>(); // id -> owner
  const ownersByUsername = new Map<string, Owner>();
  const rooms = new Map<string, Room>(); // id -> room
  const roomsByVisitorToken = new Map<string, Room>();
  const messages = new Map<string, Message[]>(); // room id -> messages (chronological)
  const roomSockets = new Map<string, Set<WebSocket>>();

  // ------------------------------------------------------------ JWT helpers
  async function mintToken(owner: Owner, type: 'access' | 'refresh', lifetimeS: number, nowS?: number): Promise<string> {
    const iat = nowS ?? Math.floor(Date.now() / 1000);
    return new SignJWT({ token_type: type, user_id: owner.id })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(iat)
      .setExpirationTime(iat + lifetimeS)
      .setJti(randomUUID().replace(/-/g, ''))
      .sign(secret);
  }

  async function verifyToken(token: string, type: 'access' | 'refresh'): Promise<Owner | null> {
    try {
      const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'] });
      if (payload.token_type !== type) return null;
      const owner = typeof payload.user_id === 'string' ? owners.get(payload.user_id) : undefined;
      return owner ?? null;
    } catch {
      return null;
    }
  }

  /** DRF-like header authentication: no/foreign scheme -> null (anonymous); bad Bearer -> 401. */
  async function ownerFromHeader(req: http.IncomingMessage): Promise<Owner | null> {
    const h = req.headers['authorization'];
    if (!h) return null;
    const parts = h.trim().split(/\s+/);
    if (parts[0]?.toLowerCase() !== 'bearer') return null;
    if (parts.length !== 2) {
      throw new HttpError(
        401,
        { detail: 'Authorization header must contain two space-delimited values', code: 'bad_authorization_header' },
        { 'WWW-Authenticate': 'Bearer realm="api"' },
      );
    }
    const owner = await verifyToken(parts[1], 'access');
    if (!owner) throw TOKEN_NOT_VALID('access');
    return owner;
  }

  // ------------------------------------------------------------ domain ops
  function addOwner(username: string, password: string): Owner {
    const o: Owner = { id: randomUUID(), username, password };
    owners.set(o.id, o);
    ownersByUsername.set(username, o);
    return o;
  }

  function createRoom(ownerId: string, visitorName: string, at = new Date()): Room {
    const r: Room = {
      id: randomUUID(),
      owner_id: ownerId,
      visitor_name: visitorName,
      visitor_token: randomUUID(),
      is_active: true,
      created_at: at,
      updated_at: at,
    };
    rooms.set(r.id, r);
    roomsByVisitorToken.set(r.visitor_token, r);
    messages.set(r.id, []);
    return r;
  }

  function addMessage(room: Room, sender: 'visitor' | 'owner', content: string, at = new Date()): Message {
    const list = messages.get(room.id)!;
    // keep created_at monotonic within a room so history order == send order
    const last = list[list.length - 1];
    if (last && at.getTime() < last.created_at.getTime()) at = new Date(last.created_at.getTime());
    const m: Message = { id: randomUUID(), room_id: room.id, sender_type: sender, content, created_at: at };
    list.push(m);
    room.updated_at = at;
    return m;
  }

  // ------------------------------------------------------------ fixtures
  const owner = addOwner('owner', 'owner-pass-' + randomBytes(6).toString('hex'));
  const otherOwner = addOwner('other_owner', 'other-pass-' + randomBytes(6).toString('hex'));
  const t0 = Date.now() - 10 * 60 * 1000;
  const fixtureRoom = createRoom(owner.id, 'Fixture Visitor', new Date(t0));
  addMessage(fixtureRoom, 'visitor', 'Salom', new Date(t0 + 60_000));
  addMessage(fixtureRoom, 'owner', 'Assalomu alaykum! Qanday yordam bera olaman?', new Date(t0 + 120_000));
  addMessage(fixtureRoom, 'visitor', 'Mashinangiz yo‘lni to‘sib qo‘yibdi.', new Date(t0 + 180_000));
  const otherRoom = createRoom(otherOwner.id, 'Other Visitor', new Date(t0 + 30_000));
  addMessage(otherRoom, 'visitor', 'Hello', new Date(t0 + 90_000));

  // ------------------------------------------------------------ HTTP plumbing
  function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    const data = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(data),
      'Access-Control-Allow-Origin': '*',
      ...headers,
    });
    res.end(data);
  }

  function readBody(req: http.IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let failed = false;
      req.on('data', (c: Buffer) => {
        if (failed) return;
        size += c.length;
        if (size > MAX_BODY_BYTES) {
          failed = true;
          reject(new HttpError(413, { detail: 'Request body too large.' }));
          return;
        }
        chunks.push(c);
      });
      req.on('end', () => {
        if (!failed) resolve(Buffer.concat(chunks));
      });
      req.on('error', (e) => {
        if (!failed) {
          failed = true;
          reject(e);
        }
      });
    });
  }

  /** Parses a JSON or form-urlencoded body into a plain object (DRF-like errors). */
  async function parseBody(req: http.IncomingMessage): Promise<Record<string, unknown>> {
    const raw = await readBody(req);
    const ctype = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (raw.length === 0 && !ctype) return {};
    if (ctype === 'application/json' || ctype.endsWith('+json') || (!ctype && raw.length > 0)) {
      if (raw.length === 0) return {};
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw.toString('utf8'));
      } catch (e) {
        throw new HttpError(400, { detail: `JSON parse error - ${(e as Error).message}` });
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        const got = Array.isArray(parsed) ? 'list' : parsed === null ? 'null' : typeof parsed;
        throw new HttpError(400, { non_field_errors: [`Invalid data. Expected a dictionary, but got ${got}.`] });
      }
      return parsed as Record<string, unknown>;
    }
    if (ctype === 'application/x-www-form-urlencoded') {
      return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
    }
    throw new HttpError(415, { detail: `Unsupported media type "${ctype}" in request.` });
  }

  function requireMethod(req: http.IncomingMessage, allowed: string[]) {
    if (!allowed.includes(req.method ?? '')) {
      throw new HttpError(405, { detail: `Method "${req.method}" not allowed.` }, { Allow: [...allowed, 'OPTIONS'].join(', ') });
    }
  }

  // ------------------------------------------------------------ handlers
  async function login(req: http.IncomingMessage, res: http.ServerResponse) {
    requireMethod(req, ['POST']);
    const body = await parseBody(req);
    const errors: Record<string, string[]> = {};
    for (const f of ['username', 'password']) {
      const v = body[f];
      if (v === undefined || v === null) errors[f] = ['This field is required.'];
      else if (typeof v !== 'string') errors[f] = ['Not a valid string.'];
      else if (v === '') errors[f] = ['This field may not be blank.'];
    }
    if (Object.keys(errors).length) throw new HttpError(400, errors);
    const o = ownersByUsername.get(body.username as string);
    if (!o || o.password !== body.password) {
      throw new HttpError(401, { detail: 'No active account found with the given credentials' });
    }
    send(res, 200, {
      refresh: await mintToken(o, 'refresh', REFRESH_LIFETIME_S),
      access: await mintToken(o, 'access', ACCESS_LIFETIME_S),
    });
  }

  async function refresh(req: http.IncomingMessage, res: http.ServerResponse) {
    requireMethod(req, ['POST']);
    const body = await parseBody(req);
    const token = body.refresh ?? body.refresh_token;
    if (token === undefined || token === null) throw new HttpError(400, { refresh: ['This field is required.'] });
    if (typeof token !== 'string' || token === '') throw new HttpError(400, { refresh: ['This field may not be blank.'] });
    const o = await verifyToken(token, 'refresh');
    if (!o) throw TOKEN_NOT_VALID('refresh');
    send(res, 200, {
      access: await mintToken(o, 'access', ACCESS_LIFETIME_S),
      refresh: await mintToken(o, 'refresh', REFRESH_LIFETIME_S),
    });
  }

  async function chatStart(req: http.IncomingMessage, res: http.ServerResponse) {
    requireMethod(req, ['POST']);
    const body = await parseBody(req);
    const errors: Record<string, string[]> = {};
    const userId = body.user_id;
    if (userId === undefined || userId === null) errors.user_id = ['This field is required.'];
    else if (typeof userId !== 'string' || !UUID_RE.test(userId)) errors.user_id = ['Must be a valid UUID.'];
    let visitorName = '';
    const vn = body.visitor_name;
    if (vn !== undefined && vn !== null) {
      if (typeof vn !== 'string') errors.visitor_name = ['Not a valid string.'];
      else if (vn.trim().length > MAX_VISITOR_NAME_CHARS)
        errors.visitor_name = [`Ensure this field has no more than ${MAX_VISITOR_NAME_CHARS} characters.`];
      else visitorName = vn.trim();
    }
    if (Object.keys(errors).length) throw new HttpError(400, errors);
    const o = owners.get((userId as string).toLowerCase());
    if (!o) throw new HttpError(404, { detail: 'Owner not found.' });
    const room = createRoom(o.id, visitorName);
    send(res, 201, { room_id: room.id, visitor_token: room.visitor_token, ws_path: `/ws/chat/${room.id}/` });
  }

  async function roomsList(req: http.IncomingMessage, res: http.ServerResponse) {
    requireMethod(req, ['GET']);
    const o = await ownerFromHeader(req);
    if (!o) throw NOT_PROVIDED();
    const list = [...rooms.values()]
      .filter((r) => r.owner_id === o.id)
      .sort((a, b) => b.updated_at.getTime() - a.updated_at.getTime() || b.created_at.getTime() - a.created_at.getTime());
    send(res, 200, list.map(roomJson));
  }

  async function messagesList(req: http.IncomingMessage, res: http.ServerResponse, roomId: string, url: URL) {
    requireMethod(req, ['GET']);
    const o = await ownerFromHeader(req);
    const visitorToken = url.searchParams.get('visitor');
    if (!o && (visitorToken === null || visitorToken === '')) throw NOT_PROVIDED();
    // order: credential valid (401) -> room exists (404) -> credential grants this room (403)
    const vr = o ? undefined : roomsByVisitorToken.get(visitorToken!);
    if (!o && !vr) throw new HttpError(401, { detail: 'Invalid visitor token.' });
    const room = UUID_RE.test(roomId) ? rooms.get(roomId.toLowerCase()) : undefined;
    if (!room) throw NOT_FOUND();
    if (o ? room.owner_id !== o.id : vr!.id !== room.id) throw FORBIDDEN();
    send(res, 200, messages.get(room.id)!.map(messageJson));
  }

  // ------------------------------------------------------------ router
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      // Trailing slash is optional (documented paths end with '/').
      const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'Access-Control-Allow-Origin': '*',
          'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
          'Access-Control-Allow-Headers': 'Authorization, Content-Type',
          'Access-Control-Max-Age': '600',
        });
        res.end();
        return;
      }
      let m: RegExpMatchArray | null;
      if (path === '/api/token') return await login(req, res);
      if (path === '/api/token/refresh') return await refresh(req, res);
      if (path === '/api/chat/start') return await chatStart(req, res);
      if (path === '/api/chat/rooms') return await roomsList(req, res);
      if ((m = path.match(/^\/api\/chat\/rooms\/([^/]+)\/messages$/))) return await messagesList(req, res, decodeURIComponent(m[1]), url);
      throw NOT_FOUND();
    } catch (e) {
      if (e instanceof HttpError) {
        if (!res.headersSent) send(res, e.status, e.body, e.headers);
        if (e.status === 413) req.resume();
        return;
      }
      if (!res.headersSent) send(res, 500, { detail: 'A server error occurred.' });
    }
  });

  // ------------------------------------------------------------ WebSocket
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD });

  function rejectUpgrade(socket: import('node:stream').Duplex, status: number, detail: string) {
    const body = JSON.stringify({ detail });
    const reason = http.STATUS_CODES[status] ?? 'Error';
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }

  server.on('upgrade', async (req, socket, head) => {
    socket.on('error', () => {});
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const m = url.pathname.match(/^\/ws\/chat\/([^/]+)\/?$/);
      if (!m) return rejectUpgrade(socket, 404, 'Not found.');
      const roomId = decodeURIComponent(m[1]);
      const jwt = url.searchParams.get('token');
      const visitorToken = url.searchParams.get('visitor');
      let bearer: string | null = null;
      const h = req.headers['authorization'];
      if (h && /^bearer\s+\S+$/i.test(h.trim())) bearer = h.trim().split(/\s+/)[1];
      const ownerToken = jwt || bearer;
      if (!ownerToken && !visitorToken) return rejectUpgrade(socket, 401, 'Authentication credentials were not provided.');
      const room = UUID_RE.test(roomId) ? rooms.get(roomId.toLowerCase()) : undefined;
      let principal: Principal;
      if (ownerToken) {
        const o = await verifyToken(ownerToken, 'access');
        if (!o) return rejectUpgrade(socket, 401, 'Token is invalid or expired');
        if (!room) return rejectUpgrade(socket, 404, 'Not found.');
        if (room.owner_id !== o.id) return rejectUpgrade(socket, 403, 'You do not have permission to perform this action.');
        principal = { kind: 'owner', owner: o };
      } else {
        const vr = roomsByVisitorToken.get(visitorToken!);
        if (!vr) return rejectUpgrade(socket, 401, 'Invalid visitor token.');
        if (!room) return rejectUpgrade(socket, 404, 'Not found.');
        if (vr.id !== room.id) return rejectUpgrade(socket, 403, 'You do not have permission to perform this action.');
        principal = { kind: 'visitor', room: vr };
      }
      wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, room, principal));
    } catch {
      rejectUpgrade(socket, 500, 'A server error occurred.');
    }
  });

  const alive = new WeakMap<WebSocket, boolean>();

  function sendError(ws: WebSocket, code: string, detail: string) {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'error', error: code, detail }));
  }

  function onConnection(ws: WebSocket, room: Room, principal: Principal) {
    let set = roomSockets.get(room.id);
    if (!set) roomSockets.set(room.id, (set = new Set()));
    set.add(ws);
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('error', () => {});
    ws.on('close', () => {
      const s = roomSockets.get(room.id);
      if (s) {
        s.delete(ws);
        if (s.size === 0) roomSockets.delete(room.id);
      }
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return sendError(ws, 'invalid_frame', 'Binary frames are not supported; send JSON text.');
      let parsed: unknown;
      try {
        parsed = JSON.parse(data.toString());
      } catch {
        return sendError(ws, 'invalid_json', 'Frame is not valid JSON.');
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        return sendError(ws, 'invalid_frame', 'Frame must be a JSON object like {"message":"..."}.');
      }
      const text = (parsed as Record<string, unknown>).message;
      if (typeof text !== 'string') return sendError(ws, 'message_required', '"message" is required and must be a string.');
      if (text.trim() === '') return sendError(ws, 'message_empty', '"message" may not be blank.');
      if (text.length > MAX_MESSAGE_CHARS)
        return sendError(ws, 'message_too_long', `"message" may have at most ${MAX_MESSAGE_CHARS} characters.`);
      if (!room.is_active) return sendError(ws, 'room_inactive', 'This chat room is closed.');
      const msg = addMessage(room, principal.kind === 'owner' ? 'owner' : 'visitor', text);
      const frame = JSON.stringify(broadcastJson(msg));
      for (const peer of roomSockets.get(room.id) ?? []) {
        if (peer.readyState === WebSocket.OPEN) peer.send(frame);
      }
    });
  }

  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      try {
        ws.ping();
      } catch {
        /* ignore */
      }
    }
  }, WS_PING_INTERVAL_MS);
  pinger.unref();

  // ------------------------------------------------------------ listen
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as import('node:net').AddressInfo;
  const baseUrl = `http://127.0.0.1:${addr.port}`;
  const wsUrl = `ws://127.0.0.1:${addr.port}`;

  const expiredToken = await mintToken(owner, 'access', ACCESS_LIFETIME_S, Math.floor(Date.now() / 1000) - 2 * ACCESS_LIFETIME_S);

  const target: Record<string, unknown> = {
    profile: 'carinfopro',
    baseUrl,
    wsUrl,
    users: {
      owner: { id: owner.id, credentials: { username: owner.username, password: owner.password }, expiredToken },
      other_owner: { id: otherOwner.id, credentials: { username: otherOwner.username, password: otherOwner.password } },
      visitor: { token: fixtureRoom.visitor_token },
    },
    fixtures: { room: fixtureRoom.id },
    endpoints: {
      'auth.login': { path: '/api/token/', method: 'POST', accessPath: 'access', refreshPath: 'refresh' },
      'auth.refresh': { path: '/api/token/refresh/', method: 'POST', accessPath: 'access', refreshPath: 'refresh' },
    },
  };

  let closed = false;
  return {
    baseUrl,
    target,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(pinger);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

// ---------------------------------------------------------------- CLI
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const get = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const port = Number(get('--port') ?? 0);
  const out = get('--target-out');
  const srv = await start({ port });
  const json = JSON.stringify(srv.target, null, 2);
  if (out) {
    writeFileSync(out, json + '\n');
    console.log(`carinfopro server listening on ${srv.baseUrl}; target written to ${out}`);
  } else {
    console.log(json);
  }
  const stop = async () => {
    await srv.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
