// Independent, blind implementation of the "WebSocket Chat API" (patients <-> healthcare
// professionals) described in seeds/002_142a62b83ad0f99c.txt. In-memory; binds 127.0.0.1.
// See CHOICES.md for every decision taken where the document is silent.
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { WebSocketServer, WebSocket } from 'ws';
import busboy from 'busboy';
import { SignJWT, jwtVerify } from 'jose';

// ---------------------------------------------------------------- constants
const ACCESS_TTL_S = 15 * 60;
const REFRESH_TTL_S = 24 * 60 * 60;
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_WS_PAYLOAD = 1024 * 1024;
const MAX_CONTENT_CHARS = 10000;
const HEARTBEAT_MS = 30000;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const LOGIN_PATH = '/api/token/';
const REFRESH_PATH = '/api/token/refresh/';

// ---------------------------------------------------------------- model
interface User {
  id: string;
  email: string;
  password: string;
  name: string;
  patientProfileId: string | null;
  professionalProfileId: string | null;
}
interface Chat {
  id: string;
  patient: string; // patient profile id
  professional: string; // professional profile id
  createdAt: string;
  updatedAt: string;
}
interface Message {
  id: string;
  chatId: string;
  content: string;
  senderType: 'patient' | 'professional';
  senderUserId: string;
  createdAt: string;
}
type Role = 'patient' | 'professional';

class HttpError extends Error {
  constructor(public status: number, message: string, public headers: Record<string, string> = {}) {
    super(message);
  }
}

// ISO 8601 with microseconds, strictly increasing inside one server instance.
function makeClock() {
  let lastMicros = 0;
  return () => {
    let micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
    if (micros <= lastMicros) micros = lastMicros + 1;
    lastMicros = micros;
    const ms = Math.floor(micros / 1000);
    const frac = String(micros % 1000000).padStart(6, '0');
    return new Date(ms).toISOString().slice(0, 19) + '.' + frac + 'Z';
  };
}

function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  if (ba.length !== bb.length) return false;
  return timingSafeEqual(ba, bb);
}

// ---------------------------------------------------------------- http helpers
function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        failed = true;
        reject(new HttpError(413, 'Request body too large'));
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (e) => {
      if (!failed) reject(e);
    });
  });
}

function readMultipart(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let bb: ReturnType<typeof busboy>;
    try {
      bb = busboy({ headers: req.headers, limits: { fieldSize: 64 * 1024, fields: 50, files: 0 } });
    } catch {
      reject(new HttpError(400, 'Malformed multipart body'));
      return;
    }
    const out: Record<string, unknown> = {};
    bb.on('field', (name: string, value: string) => {
      out[name] = value;
    });
    bb.on('file', (_n: string, stream: NodeJS.ReadableStream) => {
      stream.resume();
    });
    bb.on('close', () => resolve(out));
    bb.on('error', () => reject(new HttpError(400, 'Malformed multipart body')));
    req.pipe(bb);
  });
}

// DRF-like parsers: JSON, form-urlencoded, multipart. Always yields a plain object.
async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const ct = String(req.headers['content-type'] || '').toLowerCase();
  if (ct.startsWith('multipart/form-data')) return readMultipart(req);
  const raw = await readRaw(req);
  const text = raw.toString('utf8');
  if (ct.startsWith('application/x-www-form-urlencoded')) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(text)) out[k] = v;
    return out;
  }
  if (text.trim() === '') return {};
  if (ct === '' || ct.startsWith('application/json') || ct.includes('+json') || ct.startsWith('text/plain')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new HttpError(400, 'Invalid JSON');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new HttpError(400, 'Request body must be a JSON object');
    }
    return parsed as Record<string, unknown>;
  }
  throw new HttpError(415, `Unsupported media type "${ct}" in request.`);
}

function bearerFrom(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : null;
}

// ---------------------------------------------------------------- server
export async function start(opts: { port?: number } = {}): Promise<{
  baseUrl: string;
  target: Record<string, unknown>;
  close(): Promise<void>;
}> {
  const secret = new Uint8Array(randomBytes(32));
  const now = makeClock();

  const users = new Map<string, User>();
  const chats = new Map<string, Chat>();
  const messages = new Map<string, Message[]>(); // chatId -> messages (ascending)
  const rooms = new Map<string, Set<WebSocket>>(); // chatId -> sockets

  function addUser(email: string, name: string, patient: boolean, professional: boolean): User {
    const u: User = {
      id: randomUUID(),
      email,
      password: randomBytes(12).toString('base64url'),
      name,
      patientProfileId: patient ? randomUUID() : null,
      professionalProfileId: professional ? randomUUID() : null,
    };
    users.set(u.id, u);
    return u;
  }
  const findPatientProfile = (pid: string) => [...users.values()].find((u) => u.patientProfileId === pid) || null;
  const findProfessionalProfile = (pid: string) =>
    [...users.values()].find((u) => u.professionalProfileId === pid) || null;

  function createChat(patientPid: string, professionalPid: string): Chat {
    const t = now();
    const c: Chat = { id: randomUUID(), patient: patientPid, professional: professionalPid, createdAt: t, updatedAt: t };
    chats.set(c.id, c);
    messages.set(c.id, []);
    return c;
  }

  // ---- seed
  const patient = addUser('patient@carechat.test', 'Pat Patient', true, false);
  const professional = addUser('doctor@carechat.test', 'Dr. Pro Fessional', false, true);
  const outsider = addUser('outsider@carechat.test', 'Otto Outsider', true, false);
  const dual = addUser('dual@carechat.test', 'Dana Dual', true, true);
  const fixtureChat = createChat(patient.patientProfileId!, professional.professionalProfileId!);

  // ---- tokens
  async function mint(user: User, type: 'access' | 'refresh', ttl: number, iatOffset = 0): Promise<string> {
    const iat = Math.floor(Date.now() / 1000) + iatOffset;
    return new SignJWT({ token_type: type, user_id: user.id })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setJti(randomUUID().replace(/-/g, ''))
      .setIssuedAt(iat)
      .setExpirationTime(iat + ttl)
      .sign(secret);
  }
  async function verify(token: string, type: 'access' | 'refresh'): Promise<User | null> {
    try {
      const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'] });
      if (payload.token_type !== type) return null;
      if (typeof payload.exp !== 'number') return null;
      const u = users.get(String(payload.user_id));
      return u || null;
    } catch {
      return null;
    }
  }
  const expiredPatientToken = await mint(patient, 'access', ACCESS_TTL_S, -(ACCESS_TTL_S + 3600));

  // ---- representations
  const chatJson = (c: Chat) => ({
    id: c.id,
    patient: c.patient,
    professional: c.professional,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  });
  const messageJson = (m: Message) => ({
    id: m.id,
    content: m.content,
    sender_type: m.senderType,
    created_at: m.createdAt,
  });
  const userJson = (u: User) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    patient_id: u.patientProfileId,
    professional_id: u.professionalProfileId,
  });
  const rolesIn = (u: User, c: Chat): Role[] => {
    const r: Role[] = [];
    if (u.patientProfileId && u.patientProfileId === c.patient) r.push('patient');
    if (u.professionalProfileId && u.professionalProfileId === c.professional) r.push('professional');
    return r;
  };

  async function requireUser(req: IncomingMessage): Promise<User> {
    const auth = req.headers.authorization;
    if (!auth) throw new HttpError(401, 'Authentication credentials were not provided.', { 'WWW-Authenticate': 'Bearer' });
    const token = bearerFrom(auth);
    const user = token ? await verify(token, 'access') : null;
    if (!user) throw new HttpError(401, 'Token is invalid or expired', { 'WWW-Authenticate': 'Bearer' });
    return user;
  }

  // ---- REST handlers
  async function login(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    const ident = body.email ?? body.username;
    const password = body.password;
    if (typeof ident !== 'string' || ident === '' || typeof password !== 'string' || password === '') {
      throw new HttpError(400, 'email and password are required');
    }
    const user = [...users.values()].find((u) => u.email.toLowerCase() === ident.trim().toLowerCase());
    if (!user || !safeEqual(user.password, password)) {
      throw new HttpError(401, 'No active account found with the given credentials');
    }
    sendJson(res, 200, {
      access: await mint(user, 'access', ACCESS_TTL_S),
      refresh: await mint(user, 'refresh', REFRESH_TTL_S),
      user: userJson(user),
    });
  }

  async function refresh(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    const tok = body.refresh ?? body.refresh_token ?? body.refreshToken;
    if (typeof tok !== 'string' || tok === '') throw new HttpError(400, 'refresh is required');
    const user = await verify(tok, 'refresh');
    if (!user) throw new HttpError(401, 'Token is invalid or expired');
    sendJson(res, 200, {
      access: await mint(user, 'access', ACCESS_TTL_S),
      refresh: await mint(user, 'refresh', REFRESH_TTL_S),
    });
  }

  async function listChats(req: IncomingMessage, res: ServerResponse) {
    const user = await requireUser(req);
    const mine = [...chats.values()]
      .filter((c) => rolesIn(user, c).length > 0)
      .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
    sendJson(res, 200, mine.map(chatJson));
  }

  async function createOrGetChat(req: IncomingMessage, res: ServerResponse) {
    const user = await requireUser(req);
    const body = await readBody(req);
    const hasPro = body.professional !== undefined && body.professional !== null && body.professional !== '';
    const hasPat = body.patient !== undefined && body.patient !== null && body.patient !== '';
    if (hasPro && hasPat) throw new HttpError(400, 'Provide either "professional" or "patient", not both');
    if (!hasPro && !hasPat) throw new HttpError(400, 'Either "professional" or "patient" is required');

    let patientPid: string;
    let professionalPid: string;
    if (hasPro) {
      // requester acts as patient
      const pid = body.professional;
      if (typeof pid !== 'string' || !UUID_RE.test(pid)) throw new HttpError(400, 'Invalid professional id');
      if (!user.patientProfileId) throw new HttpError(403, 'Only patients can start a chat with a professional');
      const target = findProfessionalProfile(pid.toLowerCase());
      if (!target) throw new HttpError(404, 'Professional not found');
      if (target.id === user.id) throw new HttpError(400, 'You cannot create a chat with yourself');
      patientPid = user.patientProfileId;
      professionalPid = target.professionalProfileId!;
    } else {
      // requester acts as professional
      const pid = body.patient;
      if (typeof pid !== 'string' || !UUID_RE.test(pid)) throw new HttpError(400, 'Invalid patient id');
      if (!user.professionalProfileId) throw new HttpError(403, 'Only professionals can start a chat with a patient');
      const target = findPatientProfile(pid.toLowerCase());
      if (!target) throw new HttpError(404, 'Patient not found');
      if (target.id === user.id) throw new HttpError(400, 'You cannot create a chat with yourself');
      patientPid = target.patientProfileId!;
      professionalPid = user.professionalProfileId;
    }
    const existing = [...chats.values()].find((c) => c.patient === patientPid && c.professional === professionalPid);
    if (existing) {
      sendJson(res, 200, chatJson(existing));
      return;
    }
    const c = createChat(patientPid, professionalPid);
    sendJson(res, 201, chatJson(c), { Location: `/chat/chats/${c.id}/` });
  }

  function chatForUser(user: User, chatId: string): Chat {
    const c = UUID_RE.test(chatId) ? chats.get(chatId.toLowerCase()) : undefined;
    // Non-participants get the same 404 as for a missing chat (no existence leak).
    if (!c || rolesIn(user, c).length === 0) throw new HttpError(404, 'Chat not found');
    return c;
  }

  async function getChat(req: IncomingMessage, res: ServerResponse, chatId: string) {
    const user = await requireUser(req);
    sendJson(res, 200, chatJson(chatForUser(user, chatId)));
  }

  async function getMessages(req: IncomingMessage, res: ServerResponse, chatId: string) {
    const user = await requireUser(req);
    const c = chatForUser(user, chatId);
    sendJson(res, 200, (messages.get(c.id) || []).map(messageJson));
  }

  type Handler = (req: IncomingMessage, res: ServerResponse, ...params: string[]) => Promise<void>;
  const routes: { re: RegExp; methods: Record<string, Handler> }[] = [
    { re: /^\/api\/token\/?$/, methods: { POST: login } },
    { re: /^\/api\/token\/refresh\/?$/, methods: { POST: refresh } },
    { re: /^\/chat\/chats\/?$/, methods: { GET: listChats, POST: createOrGetChat } },
    { re: /^\/chat\/chats\/([^/]+)\/?$/, methods: { GET: getChat } },
    { re: /^\/chat\/chats\/([^/]+)\/messages\/?$/, methods: { GET: getMessages } },
  ];

  async function handle(req: IncomingMessage, res: ServerResponse) {
    let pathname: string;
    try {
      pathname = new URL(req.url || '/', 'http://localhost').pathname;
    } catch {
      throw new HttpError(400, 'Bad request');
    }
    if (/^\/ws\/chat\/[^/]+\/?$/.test(pathname)) throw new HttpError(426, 'Upgrade Required', { Upgrade: 'websocket' });
    for (const r of routes) {
      const m = r.re.exec(pathname);
      if (!m) continue;
      const method = (req.method || 'GET').toUpperCase();
      const allow = Object.keys(r.methods).concat('OPTIONS');
      if (method === 'OPTIONS') {
        res.writeHead(204, { Allow: allow.join(', ') });
        res.end();
        return;
      }
      const h = r.methods[method] || (method === 'HEAD' ? r.methods.GET : undefined);
      if (!h) throw new HttpError(405, `Method "${method}" not allowed.`, { Allow: allow.join(', ') });
      await h(req, res, ...m.slice(1).map((s) => decodeURIComponent(s)));
      return;
    }
    throw new HttpError(404, 'Not found.');
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (err instanceof HttpError) {
        sendJson(res, err.status, { error: err.message }, err.headers);
      } else {
        sendJson(res, 500, { error: 'Internal server error' });
      }
      // drain anything unread so keep-alive stays sane
      if (!req.readableEnded) req.resume();
    });
  });

  // ---- WebSocket
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_PAYLOAD });
  const alive = new WeakMap<WebSocket, boolean>();
  const sockets = new Set<Duplex>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  function rejectUpgrade(socket: Duplex, status: number, text: string) {
    const body = JSON.stringify({ error: text });
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    socket.destroy();
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    let url: URL;
    try {
      url = new URL(req.url || '/', 'http://localhost');
    } catch {
      rejectUpgrade(socket, 400, 'Bad request');
      return;
    }
    const m = /^\/ws\/chat\/([^/]+)\/?$/.exec(url.pathname);
    if (!m) {
      rejectUpgrade(socket, 404, 'Not found.');
      return;
    }
    let chatId: string;
    try {
      chatId = decodeURIComponent(m[1]).toLowerCase();
    } catch {
      chatId = '';
    }
    // Query parameter first (recommended method), else Authorization header.
    const qToken = url.searchParams.get('token');
    const token = qToken ? qToken : bearerFrom(req.headers.authorization);
    const authP = token ? verify(token, 'access') : Promise.resolve(null);
    authP.then((user) => {
      if (socket.destroyed) return;
      wss.handleUpgrade(req, socket, head, (ws) => onConnect(ws, user, chatId));
    });
  });

  function onConnect(ws: WebSocket, user: User | null, chatId: string) {
    ws.on('error', () => {});
    if (!user) {
      ws.close(4001, 'Authentication failed');
      return;
    }
    const chat = UUID_RE.test(chatId) ? chats.get(chatId) : undefined;
    if (!chat) {
      ws.send(JSON.stringify({ error: 'Chat not found' }));
      ws.close(4004, 'Chat not found');
      return;
    }
    const roles = rolesIn(user, chat);
    if (roles.length === 0) {
      ws.close(4003, 'Access denied');
      return;
    }
    let room = rooms.get(chat.id);
    if (!room) rooms.set(chat.id, (room = new Set()));
    room.add(ws);
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('close', () => {
      const r = rooms.get(chat.id);
      if (r) {
        r.delete(ws);
        if (r.size === 0) rooms.delete(chat.id);
      }
    });
    ws.on('message', (data, isBinary) => onFrame(ws, user, chat, roles, data, isBinary));
  }

  function onFrame(ws: WebSocket, user: User, chat: Chat, roles: Role[], data: unknown, _isBinary: boolean) {
    const sendErr = (e: string) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ error: e }));
    };
    let text: string;
    if (Buffer.isBuffer(data)) text = data.toString('utf8');
    else if (Array.isArray(data)) text = Buffer.concat(data as Buffer[]).toString('utf8');
    else text = Buffer.from(data as ArrayBuffer).toString('utf8');
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      sendErr('Invalid JSON');
      return;
    }
    if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) {
      sendErr('Invalid JSON');
      return;
    }
    const obj = msg as Record<string, unknown>;
    const content = obj.content;
    if (content === undefined || content === null || (typeof content === 'string' && content.trim() === '')) {
      sendErr('Message content cannot be empty');
      return;
    }
    if (typeof content !== 'string') {
      sendErr('Message content must be a string');
      return;
    }
    if (content.length > MAX_CONTENT_CHARS) {
      sendErr(`Message content cannot exceed ${MAX_CONTENT_CHARS} characters`);
      return;
    }
    let senderType: Role;
    const rawRole = obj.role;
    if (rawRole !== undefined && rawRole !== null && rawRole !== '') {
      const r = typeof rawRole === 'string' ? rawRole.trim().toLowerCase() : '';
      const norm: Role | null = r === 'patient' ? 'patient' : r === 'professional' || r === 'provider' ? 'professional' : null;
      if (!norm) {
        sendErr('Invalid role. Must be "patient" or "professional" (or "provider")');
        return;
      }
      if (!roles.includes(norm)) {
        sendErr(`You cannot send messages as ${norm} in this chat`);
        return;
      }
      senderType = norm;
    } else if (roles.length === 1) {
      senderType = roles[0];
    } else {
      sendErr('Unable to determine role; specify "role" as "patient" or "professional"');
      return;
    }
    const current = chats.get(chat.id);
    if (!current) {
      sendErr('Chat not found');
      return;
    }
    const m: Message = {
      id: randomUUID(),
      chatId: chat.id,
      content,
      senderType,
      senderUserId: user.id,
      createdAt: now(),
    };
    messages.get(chat.id)!.push(m);
    current.updatedAt = m.createdAt;
    const frame = JSON.stringify({ message: messageJson(m) });
    for (const peer of rooms.get(chat.id) || []) {
      if (peer.readyState === WebSocket.OPEN) peer.send(frame);
    }
  }

  const heartbeat = setInterval(() => {
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
  }, HEARTBEAT_MS);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port ?? 0;
  const baseUrl = `http://127.0.0.1:${port}`;

  const target: Record<string, unknown> = {
    profile: 'carechat',
    baseUrl,
    wsUrl: `ws://127.0.0.1:${port}`,
    users: {
      patient: {
        credentials: { email: patient.email, password: patient.password },
        id: patient.patientProfileId,
        expiredToken: expiredPatientToken,
      },
      professional: {
        credentials: { email: professional.email, password: professional.password },
        id: professional.professionalProfileId,
      },
      outsider: {
        credentials: { email: outsider.email, password: outsider.password },
        id: outsider.patientProfileId,
      },
      dual: {
        credentials: { email: dual.email, password: dual.password },
      },
    },
    fixtures: { chat: fixtureChat.id },
    endpoints: {
      'auth.login': { path: LOGIN_PATH, method: 'POST', accessPath: 'access', refreshPath: 'refresh' },
      'auth.refresh': { path: REFRESH_PATH, method: 'POST', accessPath: 'access', refreshPath: 'refresh' },
    },
  };

  let closed = false;
  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    for (const ws of wss.clients) ws.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    const done = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    for (const s of sockets) s.destroy();
    await done;
  }

  return { baseUrl, target, close };
}

// ---------------------------------------------------------------- CLI
const isMain = (() => {
  try {
    return !!process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
  } catch {
    return false;
  }
})();

if (isMain) {
  const args = process.argv.slice(2);
  const get = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const port = Number(get('--port') ?? 8123);
  const out = get('--target-out');
  start({ port }).then((srv) => {
    const json = JSON.stringify(srv.target, null, 2);
    if (out) {
      writeFileSync(out, json + '\n');
      console.log(`carechat listening on ${srv.baseUrl}; target written to ${out}`);
    } else {
      console.log(json);
    }
    const stop = () => {
      srv.close().then(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
