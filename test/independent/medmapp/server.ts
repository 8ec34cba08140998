// Independent, in-memory implementation of the "Medmapp WebSocket & Chat API" document.
// Written from the document alone; see CHOICES.md for every point where the document is silent.
import http from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket } from 'ws';
import busboy from 'busboy';
import { SignJWT, jwtVerify } from 'jose';

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------
const ACCESS_TTL_S = 60 * 60; // 1 hour
const REFRESH_TTL_S = 24 * 60 * 60; // 1 day
const PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;
const RATE_LIMIT = 5; // messages ...
const RATE_WINDOW_MS = 1000; // ... per second
const MAX_MESSAGE_LEN = 5000;
const MAX_TITLE_LEN = 255;
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const MAX_JSON_BODY = 1024 * 1024;
const WS_MAX_PAYLOAD = 64 * 1024;

const STATUSES = ['new', 'in_progress', 'resolved', 'closed'] as const;
type Status = (typeof STATUSES)[number];
type Role = 'patient' | 'operator';

interface User { id: number; full_name: string; phone: string; password: string; role: Role }
interface Attachment { id: number; file: string; file_type: string; mime_type: string; size: number; original_name: string }
interface Message {
  id: number; conversation: number; sender: number; type: string; content: string;
  created_at: Date; is_read_by_recipient: boolean; attachments: Attachment[];
}
interface Conversation {
  id: number; title: string; patient: number; operator: number | null; status: Status; is_active: boolean;
  created_at: Date; updated_at: Date; last_message_at: Date | null;
}

class HttpError extends Error {
  constructor(public status: number, public body: unknown, public headers: Record<string, string> = {}) { super('http'); }
}

// Django's django.utils.html.escape: & < > " '
function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
}
function iso(d: Date | null): string | null {
  return d ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
}
function secret(n = 12): string { return randomBytes(n).toString('base64url'); }

// ---------------------------------------------------------------------------------------------
export async function start(opts: { port?: number } = {}): Promise<{
  baseUrl: string; target: Record<string, unknown>; close(): Promise<void>;
}> {
  const jwtKey = randomBytes(32);

  // ----- in-memory store -----
  const users = new Map<number, User>();
  const conversations = new Map<number, Conversation>();
  const messages: Message[] = [];
  const media = new Map<string, { data: Buffer; mime: string }>();
  let nextConversationId = 1;
  let nextMessageId = 101;
  let nextAttachmentId = 1;

  const addUser = (u: User) => { users.set(u.id, u); return u; };
  const patient = addUser({ id: 10, full_name: 'Ali Valiyev', phone: '+998901234567', password: secret(), role: 'patient' });
  const operator = addUser({ id: 2, full_name: 'Dr. Komil', phone: '+998901112233', password: secret(), role: 'operator' });
  const outsider = addUser({ id: 11, full_name: 'Vali Aliyev', phone: '+998907654321', password: secret(), role: 'patient' });
  const operator2 = addUser({ id: 3, full_name: 'Dr. Nodira', phone: '+998909998877', password: secret(), role: 'operator' });

  function createConversation(p: number, op: number | null, title: string | null, status: Status, at: Date): Conversation {
    const id = nextConversationId++;
    const c: Conversation = {
      id, title: title ?? `Suhbat #${id}`, patient: p, operator: op, status, is_active: true,
      created_at: at, updated_at: at, last_message_at: null,
    };
    conversations.set(id, c);
    return c;
  }
  function addMessage(c: Conversation, sender: number, type: string, content: string, at: Date, attachments: Attachment[] = [], read = false): Message {
    const m: Message = {
      id: nextMessageId++, conversation: c.id, sender, type, content, created_at: at,
      is_read_by_recipient: read, attachments,
    };
    messages.push(m);
    c.last_message_at = at;
    c.updated_at = at;
    return m;
  }

  // Fixture: conversation 1 between patient and operator, with 25 messages of history (2 pages).
  {
    const t0 = Date.now() - 3 * 60 * 60 * 1000;
    const conv = createConversation(patient.id, operator.id, 'Suhbat #1', 'in_progress', new Date(t0));
    const lines: Array<[User, string]> = [
      [patient, 'Salom, doktor!'],
      [operator, 'Salom! Nima bilan yordam bera olaman?'],
      [patient, 'Boshim og\u2018riyapti.'],
      [operator, 'Qachondan beri?'],
    ];
    for (let i = 0; i < 25; i++) {
      const [u, text] = i < lines.length ? lines[i] : [i % 2 === 0 ? patient : operator, `Xabar ${i + 1}`];
      // the last 3 messages (from the operator/patient) stay unread by their recipient
      addMessage(conv, u.id, 'text', escapeHtml(text), new Date(t0 + (i + 1) * 60_000), [], i < 22);
    }
    // A second conversation, between the outsider and the other operator (nothing to do with the fixture).
    const other = createConversation(outsider.id, operator2.id, null, 'in_progress', new Date(t0));
    addMessage(other, outsider.id, 'text', 'Assalomu alaykum', new Date(t0 + 30_000), [], true);
  }

  // ----- JWT (SimpleJWT-like) -----
  async function mintToken(user: User, type: 'access' | 'refresh', expSeconds: number, iatSeconds?: number): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ token_type: type, user_id: user.id })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(iatSeconds ?? now)
      .setExpirationTime(expSeconds)
      .setJti(randomUUID().replace(/-/g, ''))
      .sign(jwtKey);
  }
  async function verifyToken(token: string, type: 'access' | 'refresh'): Promise<User | 'wrong_type' | null> {
    try {
      const { payload } = await jwtVerify(token, jwtKey, { algorithms: ['HS256'] });
      if (payload.token_type !== type) return 'wrong_type';
      const u = users.get(Number(payload.user_id));
      return u ?? null;
    } catch {
      return null;
    }
  }

  // ----- serializers -----
  const userBrief = (id: number) => {
    const u = users.get(id)!;
    return { id: u.id, full_name: u.full_name, role: u.role };
  };
  const serializeMessage = (m: Message) => ({
    id: m.id,
    conversation: m.conversation,
    sender: userBrief(m.sender),
    type: m.type,
    content: m.content,
    created_at: iso(m.created_at),
    is_read_by_recipient: m.is_read_by_recipient,
    attachments: m.attachments.map((a) => ({ ...a })),
  });
  const unreadFor = (c: Conversation, u: User) =>
    messages.filter((m) => m.conversation === c.id && m.sender !== u.id && !m.is_read_by_recipient).length;
  const serializeConversation = (c: Conversation, viewer: User) => {
    const p = users.get(c.patient)!;
    const o = c.operator != null ? users.get(c.operator)! : null;
    return {
      id: c.id,
      title: c.title,
      patient: { id: p.id, full_name: p.full_name, phone: p.phone },
      operator: o ? { id: o.id, full_name: o.full_name } : null,
      status: c.status,
      is_active: c.is_active,
      created_at: iso(c.created_at),
      last_message_at: iso(c.last_message_at),
      unread_count: unreadFor(c, viewer),
    };
  };

  // ----- access rules -----
  // patient: own conversations. operator: conversations assigned to them, plus unassigned ones (the queue).
  const canAccess = (c: Conversation, u: User) =>
    u.role === 'patient' ? c.patient === u.id : c.operator === u.id || c.operator === null;

  // ----- WebSocket groups -----
  const groups = new Map<number, Set<WebSocket>>();
  const allSockets = new Set<WebSocket>();
  function broadcast(convId: number, frame: unknown) {
    const set = groups.get(convId);
    if (!set) return;
    const data = JSON.stringify(frame);
    for (const s of set) if (s.readyState === WebSocket.OPEN) s.send(data);
  }

  // ----- HTTP helpers -----
  function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    if (res.headersSent) return;
    const data = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, {
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      'Content-Length': String(Buffer.byteLength(data)),
      Vary: 'Accept, Authorization',
      ...headers,
    });
    res.end(data);
  }
  const notFound = () => new HttpError(404, { detail: 'Not found.' });
  const forbidden = () => new HttpError(403, { detail: 'You do not have permission to perform this action.' });
  const methodNotAllowed = (m: string, allow: string[]) =>
    new HttpError(405, { detail: `Method "${m}" not allowed.` }, { Allow: [...allow, 'OPTIONS'].join(', ') });

  function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > limit) { reject(new HttpError(413, { detail: 'Request body too large.' })); req.resume(); return; }
        chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  }
  async function parseBody(req: http.IncomingMessage): Promise<Record<string, unknown>> {
    const raw = await readBody(req, MAX_JSON_BODY);
    const ct = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (raw.length === 0) return {};
    if (ct === 'application/json' || ct === '' || ct.endsWith('+json')) {
      let v: unknown;
      try { v = JSON.parse(raw.toString('utf8')); } catch (e) {
        throw new HttpError(400, { detail: `JSON parse error - ${(e as Error).message}` });
      }
      if (v === null || typeof v !== 'object' || Array.isArray(v)) {
        throw new HttpError(400, { non_field_errors: ['Invalid data. Expected a dictionary, but got ' + (Array.isArray(v) ? 'list' : typeof v) + '.'] });
      }
      return v as Record<string, unknown>;
    }
    if (ct === 'application/x-www-form-urlencoded') {
      return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
    }
    throw new HttpError(415, { detail: `Unsupported media type "${ct}" in request.` });
  }

  async function authenticate(req: http.IncomingMessage): Promise<User> {
    const h = req.headers.authorization;
    const challenge = { 'WWW-Authenticate': 'Bearer realm="api"' };
    if (!h) throw new HttpError(401, { detail: 'Authentication credentials were not provided.' }, challenge);
    const parts = h.trim().split(/\s+/);
    if (parts[0].toLowerCase() !== 'bearer') {
      throw new HttpError(401, { detail: 'Authentication credentials were not provided.' }, challenge);
    }
    if (parts.length !== 2) {
      throw new HttpError(401, { detail: 'Authorization header must contain two space-delimited values', code: 'bad_authorization_header' }, challenge);
    }
    const u = await verifyToken(parts[1], 'access');
    if (!u || u === 'wrong_type') {
      throw new HttpError(401, { detail: 'Given token not valid for any token type', code: 'token_not_valid' }, challenge);
    }
    return u;
  }

  function parsePositiveInt(v: unknown): number | null {
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
    if (typeof v === 'string' && /^\d+$/.test(v.trim())) { const n = Number(v.trim()); return n > 0 ? n : null; }
    return null;
  }

  function paginate<T>(items: T[], url: URL, pathForLinks: string): { count: number; next: string | null; previous: string | null; results: T[] } {
    let size = PAGE_SIZE;
    const ps = url.searchParams.get('page_size');
    if (ps !== null && /^\d+$/.test(ps) && Number(ps) > 0) size = Math.min(Number(ps), MAX_PAGE_SIZE);
    const pages = Math.max(1, Math.ceil(items.length / size));
    const raw = url.searchParams.get('page');
    let page = 1;
    if (raw !== null && raw !== '') {
      if (raw === 'last') page = pages;
      else if (/^\d+$/.test(raw) && Number(raw) >= 1) page = Number(raw);
      else throw new HttpError(404, { detail: 'Invalid page.' });
    }
    if (page > pages) throw new HttpError(404, { detail: 'Invalid page.' });
    const link = (p: number | null) => {
      if (p === null) return null;
      const q = new URLSearchParams(url.searchParams);
      if (p === 1) q.delete('page'); else q.set('page', String(p));
      const s = q.toString();
      return s ? `${pathForLinks}?${s}` : pathForLinks;
    };
    return {
      count: items.length,
      next: link(page < pages ? page + 1 : null),
      previous: link(page > 1 ? page - 1 : null),
      results: items.slice((page - 1) * size, page * size),
    };
  }

  const getConversationFor = (idStr: string, u: User): Conversation => {
    const c = conversations.get(Number(idStr));
    if (!c) throw notFound();
    if (!canAccess(c, u)) throw forbidden();
    return c;
  };
  const conversationMessages = (c: Conversation) =>
    messages.filter((m) => m.conversation === c.id)
      .sort((a, b) => b.created_at.getTime() - a.created_at.getTime() || b.id - a.id); // newest first

  // ----- route handlers -----
  async function login(req: http.IncomingMessage, res: http.ServerResponse) {
    const body = await parseBody(req);
    const errs: Record<string, string[]> = {};
    for (const f of ['phone', 'password']) {
      const v = body[f];
      if (v === undefined || v === null) errs[f] = ['This field is required.'];
      else if (typeof v !== 'string') errs[f] = ['Not a valid string.'];
      else if (v === '') errs[f] = ['This field may not be blank.'];
    }
    if (Object.keys(errs).length) throw new HttpError(400, errs);
    const u = [...users.values()].find((x) => x.phone === (body.phone as string).trim());
    if (!u || u.password !== body.password) {
      throw new HttpError(401, { detail: 'No active account found with the given credentials' });
    }
    const now = Math.floor(Date.now() / 1000);
    send(res, 200, {
      refresh: await mintToken(u, 'refresh', now + REFRESH_TTL_S),
      access: await mintToken(u, 'access', now + ACCESS_TTL_S),
    });
  }

  async function refresh(req: http.IncomingMessage, res: http.ServerResponse) {
    const body = await parseBody(req);
    const v = body.refresh;
    if (v === undefined || v === null) throw new HttpError(400, { refresh: ['This field is required.'] });
    if (typeof v !== 'string' || v === '') throw new HttpError(400, { refresh: ['This field may not be blank.'] });
    const u = await verifyToken(v, 'refresh');
    if (u === 'wrong_type') throw new HttpError(401, { detail: 'Token has wrong type', code: 'token_not_valid' });
    if (!u) throw new HttpError(401, { detail: 'Token is invalid or expired', code: 'token_not_valid' });
    const now = Math.floor(Date.now() / 1000);
    send(res, 200, { access: await mintToken(u, 'access', now + ACCESS_TTL_S) });
  }

  async function listConversations(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    const u = await authenticate(req);
    let list = [...conversations.values()].filter((c) => canAccess(c, u));
    const st = url.searchParams.get('status');
    if (st) list = list.filter((c) => c.status === st);
    const ia = url.searchParams.get('is_active');
    if (ia === 'true' || ia === 'false') list = list.filter((c) => c.is_active === (ia === 'true'));
    list.sort((a, b) =>
      (b.last_message_at ?? b.created_at).getTime() - (a.last_message_at ?? a.created_at).getTime() || b.id - a.id);
    const page = paginate(list, url, '/api/conversations/');
    send(res, 200, { ...page, results: page.results.map((c) => serializeConversation(c, u)) });
  }

  async function createConv(req: http.IncomingMessage, res: http.ServerResponse) {
    const u = await authenticate(req);
    const body = await parseBody(req);
    const errs: Record<string, string[]> = {};
    let patientId: number | null = null;
    if (body.patient === undefined || body.patient === null || body.patient === '') {
      if (u.role === 'patient') patientId = u.id;
      else errs.patient = ['This field is required.'];
    } else {
      const n = parsePositiveInt(body.patient);
      if (n === null) errs.patient = [`Incorrect type. Expected pk value, received ${typeof body.patient === 'string' ? 'str' : typeof body.patient}.`];
      else {
        const p = users.get(n);
        if (!p || p.role !== 'patient') errs.patient = [`Invalid pk "${n}" - object does not exist.`];
        else patientId = n;
      }
    }
    let title: string | null = null;
    if (body.title !== undefined && body.title !== null) {
      if (typeof body.title !== 'string') errs.title = ['Not a valid string.'];
      else if (body.title.trim().length > MAX_TITLE_LEN) errs.title = [`Ensure this field has no more than ${MAX_TITLE_LEN} characters.`];
      else if (body.title.trim() !== '') title = body.title.trim();
    }
    if (Object.keys(errs).length) throw new HttpError(400, errs);
    if (u.role === 'patient' && patientId !== u.id) throw forbidden();
    const c = createConversation(patientId!, u.role === 'operator' ? u.id : null, title,
      u.role === 'operator' ? 'in_progress' : 'new', new Date());
    send(res, 201, serializeConversation(c, u), { Location: `/api/conversations/${c.id}/` });
  }

  async function retrieveConv(req: http.IncomingMessage, res: http.ServerResponse, id: string) {
    const u = await authenticate(req);
    send(res, 200, serializeConversation(getConversationFor(id, u), u));
  }

  async function updateConv(req: http.IncomingMessage, res: http.ServerResponse, id: string, partial: boolean) {
    const u = await authenticate(req);
    const c = getConversationFor(id, u);
    const body = await parseBody(req);
    const errs: Record<string, string[]> = {};
    const changes: Partial<Conversation> = {};
    if ('title' in body) {
      if (typeof body.title !== 'string') errs.title = ['Not a valid string.'];
      else if (body.title.trim() === '') errs.title = ['This field may not be blank.'];
      else if (body.title.trim().length > MAX_TITLE_LEN) errs.title = [`Ensure this field has no more than ${MAX_TITLE_LEN} characters.`];
      else changes.title = body.title.trim();
    } else if (!partial) errs.title = ['This field is required.'];
    if ('status' in body) {
      if (typeof body.status !== 'string' || !(STATUSES as readonly string[]).includes(body.status)) {
        errs.status = [`"${String(body.status)}" is not a valid choice.`];
      } else changes.status = body.status as Status;
    }
    if ('is_active' in body) {
      const v = body.is_active;
      if (v === true || v === 'true' || v === 1 || v === '1') changes.is_active = true;
      else if (v === false || v === 'false' || v === 0 || v === '0') changes.is_active = false;
      else errs.is_active = ['Must be a valid boolean.'];
    }
    if ('operator' in body) {
      if (body.operator === null) changes.operator = null;
      else {
        const n = parsePositiveInt(body.operator);
        const o = n === null ? undefined : users.get(n);
        if (!o || o.role !== 'operator') errs.operator = [`Invalid pk "${String(body.operator)}" - object does not exist.`];
        else changes.operator = o.id;
      }
    }
    if ('patient' in body && body.patient !== c.patient && String(body.patient) !== String(c.patient)) {
      errs.patient = ['This field cannot be changed.'];
    }
    if (Object.keys(errs).length) throw new HttpError(400, errs);
    // patients may only rename; status / activity / assignment are operator actions
    if (u.role === 'patient' && ('status' in changes || 'is_active' in changes || 'operator' in changes)) throw forbidden();
    const statusChanged = (changes.status !== undefined && changes.status !== c.status) ||
      (changes.is_active !== undefined && changes.is_active !== c.is_active);
    Object.assign(c, changes);
    c.updated_at = new Date();
    send(res, 200, serializeConversation(c, u));
    if (statusChanged) {
      broadcast(c.id, {
        type: 'status_update',
        data: { conversation_id: c.id, status: c.status, is_active: c.is_active, updated_by: userBrief(u.id), updated_at: iso(c.updated_at) },
      });
    }
  }

  async function listMessages(req: http.IncomingMessage, res: http.ServerResponse, url: URL, id: string) {
    const u = await authenticate(req);
    const c = getConversationFor(id, u);
    const page = paginate(conversationMessages(c), url, `/api/conversations/${c.id}/messages/`);
    send(res, 200, { ...page, results: page.results.map(serializeMessage) });
  }

  async function listAllMessages(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    const u = await authenticate(req);
    let list: Message[];
    const cid = url.searchParams.get('conversation');
    if (cid !== null) {
      if (!/^\d+$/.test(cid)) throw new HttpError(400, { conversation: ['A valid integer is required.'] });
      list = conversationMessages(getConversationFor(cid, u));
    } else {
      const mine = new Set([...conversations.values()].filter((c) => canAccess(c, u)).map((c) => c.id));
      list = messages.filter((m) => mine.has(m.conversation))
        .sort((a, b) => b.created_at.getTime() - a.created_at.getTime() || b.id - a.id);
    }
    const page = paginate(list, url, '/api/messages/');
    send(res, 200, { ...page, results: page.results.map(serializeMessage) });
  }

  async function retrieveMessage(req: http.IncomingMessage, res: http.ServerResponse, id: string) {
    const u = await authenticate(req);
    const m = messages.find((x) => x.id === Number(id));
    if (!m) throw notFound();
    if (!canAccess(conversations.get(m.conversation)!, u)) throw forbidden();
    send(res, 200, serializeMessage(m));
  }

  async function markAsRead(req: http.IncomingMessage, res: http.ServerResponse, id: string) {
    const u = await authenticate(req);
    const c = getConversationFor(id, u);
    req.resume();
    let n = 0;
    for (const m of messages) {
      if (m.conversation === c.id && m.sender !== u.id && !m.is_read_by_recipient) { m.is_read_by_recipient = true; n++; }
    }
    send(res, 200, { status: 'ok', marked_count: n, unread_count: 0 });
  }

  function fileTypeOf(mime: string): string {
    if (mime.startsWith('image/')) return 'image';
    if (mime.startsWith('video/')) return 'video';
    if (mime.startsWith('audio/')) return 'audio';
    return 'document';
  }
  const EXT_MIME: Record<string, string> = {
    jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp',
    pdf: 'application/pdf', txt: 'text/plain', mp4: 'video/mp4', mp3: 'audio/mpeg', ogg: 'audio/ogg',
    doc: 'application/msword', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  };

  async function uploadFile(req: http.IncomingMessage, res: http.ServerResponse, id: string) {
    const u = await authenticate(req);
    const c = getConversationFor(id, u);
    const ct = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (ct !== 'multipart/form-data') {
      if (ct === 'application/x-www-form-urlencoded' || ct === 'application/json' || ct === '') {
        await readBody(req, MAX_JSON_BODY).catch(() => undefined);
        throw new HttpError(400, { file: ['No file was submitted.'] });
      }
      req.resume();
      throw new HttpError(415, { detail: `Unsupported media type "${ct}" in request.` });
    }
    const parsed = await new Promise<{ file?: { name: string; mime: string; data: Buffer; truncated: boolean }; message?: string }>((resolve, reject) => {
      let bb: busboy.Busboy;
      try {
        bb = busboy({ headers: req.headers, limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 20, fieldSize: 64 * 1024 } });
      } catch {
        reject(new HttpError(400, { detail: 'Multipart form parse error - Invalid boundary in multipart: None' }));
        return;
      }
      const out: { file?: { name: string; mime: string; data: Buffer; truncated: boolean }; message?: string } = {};
      bb.on('file', (name: string, stream: NodeJS.ReadableStream & { truncated?: boolean }, info: { filename?: string; mimeType?: string }) => {
        if (name !== 'file' || out.file) { stream.resume(); return; }
        const chunks: Buffer[] = [];
        stream.on('data', (d: Buffer) => chunks.push(d));
        stream.on('end', () => {
          out.file = { name: info.filename ?? 'file', mime: info.mimeType ?? 'application/octet-stream', data: Buffer.concat(chunks), truncated: !!stream.truncated };
        });
      });
      bb.on('field', (name: string, val: string) => { if (name === 'message') out.message = val; });
      bb.on('close', () => resolve(out));
      bb.on('error', () => reject(new HttpError(400, { detail: 'Multipart form parse error.' })));
      req.pipe(bb);
    });
    const f = parsed.file;
    if (!f) throw new HttpError(400, { file: ['No file was submitted.'] });
    if (f.truncated) throw new HttpError(400, { file: [`File too large. Maximum size is ${MAX_UPLOAD_BYTES / (1024 * 1024)} MB.`] });
    if (f.data.length === 0) throw new HttpError(400, { file: ['The submitted file is empty.'] });
    const text = (parsed.message ?? '').trim();
    if (text.length > MAX_MESSAGE_LEN) throw new HttpError(400, { message: [`Ensure this field has no more than ${MAX_MESSAGE_LEN} characters.`] });
    const originalName = (f.name.split(/[\\/]/).pop() || 'file').slice(0, 200);
    let mime = f.mime.toLowerCase();
    const ext = (originalName.split('.').pop() ?? '').toLowerCase();
    if ((mime === 'application/octet-stream' || !mime) && EXT_MIME[ext]) mime = EXT_MIME[ext];
    const now = new Date();
    const m = addMessage(c, u.id, 'file', escapeHtml(text), now);
    const d = now.toISOString();
    const safe = originalName.replace(/[^A-Za-z0-9._-]/g, '_');
    const mediaPath = `/media/chat_attachments/${d.slice(0, 4)}/${d.slice(5, 7)}/${d.slice(8, 10)}/${m.id}_${safe}`;
    media.set(mediaPath, { data: f.data, mime });
    const host = req.headers.host ? `http://${req.headers.host}` : baseUrl;
    m.attachments.push({
      id: nextAttachmentId++, file: `${host}${mediaPath}`, file_type: fileTypeOf(mime), mime_type: mime,
      size: f.data.length, original_name: escapeHtml(originalName),
    });
    send(res, 201, { message: serializeMessage(m) });
    broadcast(c.id, { type: 'chat_message', data: serializeMessage(m) });
  }

  // ----- router -----
  async function route(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.endsWith('/') ? url.pathname : url.pathname + '/';
    const method = (req.method ?? 'GET').toUpperCase();
    let m: RegExpMatchArray | null;
    const allow = (list: string[]) => {
      if (method === 'OPTIONS') { send(res, 200, { name: 'Medmapp', allowed_methods: list }, { Allow: [...list, 'OPTIONS'].join(', ') }); return false; }
      if (!list.includes(method) && !(method === 'HEAD' && list.includes('GET'))) throw methodNotAllowed(method, list);
      return true;
    };

    if (path === '/api/token/') { if (allow(['POST'])) await login(req, res); return; }
    if (path === '/api/token/refresh/') { if (allow(['POST'])) await refresh(req, res); return; }
    if (path === '/api/conversations/') {
      if (!allow(['GET', 'POST'])) return;
      if (method === 'POST') await createConv(req, res); else await listConversations(req, res, url);
      return;
    }
    if ((m = path.match(/^\/api\/conversations\/(\d+)\/$/))) {
      if (!allow(['GET', 'PUT', 'PATCH'])) return;
      if (method === 'GET' || method === 'HEAD') await retrieveConv(req, res, m[1]);
      else await updateConv(req, res, m[1], method === 'PATCH');
      return;
    }
    if ((m = path.match(/^\/api\/conversations\/(\d+)\/messages\/$/))) { if (allow(['GET'])) await listMessages(req, res, url, m[1]); return; }
    if ((m = path.match(/^\/api\/conversations\/(\d+)\/mark_as_read\/$/))) { if (allow(['POST'])) await markAsRead(req, res, m[1]); return; }
    if ((m = path.match(/^\/api\/conversations\/(\d+)\/upload_file\/$/))) { if (allow(['POST'])) await uploadFile(req, res, m[1]); return; }
    if (path === '/api/messages/') { if (allow(['GET'])) await listAllMessages(req, res, url); return; }
    if ((m = path.match(/^\/api\/messages\/(\d+)\/$/))) { if (allow(['GET'])) await retrieveMessage(req, res, m[1]); return; }
    if (url.pathname.startsWith('/media/') && (method === 'GET' || method === 'HEAD')) {
      const f = media.get(url.pathname);
      if (!f) throw notFound();
      res.writeHead(200, { 'Content-Type': f.mime, 'Content-Length': String(f.data.length) });
      res.end(method === 'HEAD' ? undefined : f.data);
      return;
    }
    throw notFound();
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      req.resume(); // drain any unread request body
      if (e instanceof HttpError) send(res, e.status, e.body, e.headers);
      else { console.error('internal error:', (e as Error)?.message); send(res, 500, { detail: 'A server error occurred.' }); }
    });
  });

  // ----- WebSocket -----
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD });

  function acceptThenClose(req: http.IncomingMessage, socket: Duplex, head: Buffer, code: number, reason: string) {
    wss.handleUpgrade(req, socket, head, (ws) => {
      allSockets.add(ws);
      ws.on('close', () => allSockets.delete(ws));
      ws.close(code, reason);
    });
  }

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/ws/')) {
      socket.write('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.destroy();
      return;
    }
    void (async () => {
      const m = url.pathname.match(/^\/ws\/chat\/(\d+)\/?$/);
      if (!m) return acceptThenClose(req, socket, head, 4000, 'Bad Request');
      let token = url.searchParams.get('token');
      if (!token) {
        const h = req.headers.authorization;
        if (h && /^bearer\s+/i.test(h)) token = h.replace(/^bearer\s+/i, '').trim();
      }
      const u = token ? await verifyToken(token, 'access') : null;
      if (!u || u === 'wrong_type') return acceptThenClose(req, socket, head, 4001, 'Unauthorized');
      const c = conversations.get(Number(m[1]));
      if (!c || !canAccess(c, u)) return acceptThenClose(req, socket, head, 4003, 'Forbidden');
      wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, u, c.id));
    })().catch(() => {
      try { acceptThenClose(req, socket, head, 4500, 'Internal Error'); } catch { socket.destroy(); }
    });
  });

  function onConnection(ws: WebSocket, user: User, convId: number) {
    allSockets.add(ws);
    let set = groups.get(convId);
    if (!set) groups.set(convId, (set = new Set()));
    set.add(ws);
    ws.on('close', () => {
      allSockets.delete(ws);
      const s = groups.get(convId);
      if (s) { s.delete(ws); if (s.size === 0) groups.delete(convId); }
    });
    ws.on('error', () => undefined);
    let recent: number[] = []; // timestamps of this connection's accepted frames (rate limit)
    const sendError = (error: string, code: string, extra: Record<string, unknown> = {}) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'error', error, code, ...extra }));
    };
    ws.on('message', (raw, isBinary) => {
      try {
        const c = conversations.get(convId);
        if (!c || !canAccess(c, user)) { ws.close(4003, 'Forbidden'); return; }
        // rate limit: 5 frames per second per connection (sliding window); rate-limited frames do not count
        const now = Date.now();
        recent = recent.filter((t) => now - t < RATE_WINDOW_MS);
        if (recent.length >= RATE_LIMIT) {
          sendError("Juda ko'p so'rov. 1 soniya kuting.", 'RATE_LIMIT_EXCEEDED', { retry_after: 1 });
          return;
        }
        recent.push(now);
        if (isBinary) { sendError("Noto'g'ri JSON format.", 'INVALID_JSON'); return; }
        let data: unknown;
        try { data = JSON.parse(raw.toString()); } catch { sendError("Noto'g'ri JSON format.", 'INVALID_JSON'); return; }
        if (data === null || typeof data !== 'object' || Array.isArray(data)) { sendError("Noto'g'ri JSON format.", 'INVALID_JSON'); return; }
        const d = data as Record<string, unknown>;
        const type = d.type === undefined || d.type === null ? 'text' : d.type;
        if (type !== 'text') { sendError("Noto'g'ri xabar turi. Faqat \"text\" ruxsat etilgan; fayllar /upload_file/ orqali yuboriladi.", 'INVALID_TYPE'); return; }
        if (d.message !== undefined && d.message !== null && typeof d.message !== 'string') {
          sendError("Xabar matn bo'lishi kerak.", 'INVALID_MESSAGE'); return;
        }
        const text = typeof d.message === 'string' ? d.message.trim() : '';
        if (!text) { sendError("Xabar bo'sh bo'lishi mumkin emas.", 'EMPTY_MESSAGE'); return; }
        if (text.length > MAX_MESSAGE_LEN) { sendError(`Xabar juda uzun (maksimum ${MAX_MESSAGE_LEN} belgi).`, 'MESSAGE_TOO_LONG'); return; }
        const msg = addMessage(c, user.id, 'text', escapeHtml(text), new Date());
        broadcast(convId, { type: 'chat_message', data: serializeMessage(msg) });
      } catch (e) {
        console.error('ws internal error:', (e as Error)?.message);
        ws.close(4500, 'Internal Error');
      }
    });
  }

  // ----- listen -----
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  const port = (server.address() as { port: number }).port;
  const baseUrl = `http://127.0.0.1:${port}`;

  const expiredFor = async (u: User) => {
    const now = Math.floor(Date.now() / 1000);
    return mintToken(u, 'access', now - 3600, now - 3600 - ACCESS_TTL_S);
  };
  const target: Record<string, unknown> = {
    profile: 'medmapp',
    baseUrl,
    wsUrl: `ws://127.0.0.1:${port}`,
    users: {
      patient: { credentials: { phone: patient.phone, password: patient.password }, id: patient.id, expiredToken: await expiredFor(patient) },
      operator: { credentials: { phone: operator.phone, password: operator.password }, id: operator.id, expiredToken: await expiredFor(operator) },
      outsider: { credentials: { phone: outsider.phone, password: outsider.password }, id: outsider.id, expiredToken: await expiredFor(outsider) },
    },
    fixtures: { conversation: 1 },
    endpoints: {
      'auth.login': { path: '/api/token/', method: 'POST', accessPath: 'access', refreshPath: 'refresh' },
      'auth.refresh': { path: '/api/token/refresh/', method: 'POST', accessPath: 'access' },
      'conversations.update': { path: '/api/conversations/{id}/', method: 'PATCH' },
    },
  };

  let closed = false;
  async function close() {
    if (closed) return;
    closed = true;
    for (const ws of allSockets) ws.terminate();
    allSockets.clear();
    groups.clear();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  return { baseUrl, target, close };
}

// ---------------------------------------------------------------------------------------------
// CLI: node --import tsx test/independent/medmapp/server.ts --port 8123 [--target-out FILE]
// ---------------------------------------------------------------------------------------------
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const get = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
  const port = Number(get('--port') ?? 0);
  const out = get('--target-out');
  start({ port }).then((s) => {
    const json = JSON.stringify(s.target, null, 2);
    if (out) { writeFileSync(out, json + '\n'); console.error(`medmapp server listening on ${s.baseUrl}; target written to ${out}`); }
    else process.stdout.write(json + '\n');
    const stop = () => { void s.close().then(() => process.exit(0)); };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }).catch((e) => { console.error(e); process.exit(1); });
}
