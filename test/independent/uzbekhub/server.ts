// Blind, independent in-memory server of the UzbekHub backend, written from the UzbekHub API
// document alone. This file: tokens, sign-in/refresh, Chat API 1-19, the chat WebSocket, the
// fixtures and the target file. social.ts: the rest of the Accounts API, Posts, Stories, the
// Notifications API's comments, the five throttle scopes and the dev-only endpoints.
// common.ts: shared types and helpers. See CHOICES.md for every choice made where the document
// is silent.
//
// Run:  node --import tsx test/independent/uzbekhub/server.ts --port 8123 [--target-out FILE]

import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket } from 'ws';
import { SignJWT, jwtVerify } from 'jose';
import {
  ACCESS_TTL_S,
  REFRESH_TTL_S,
  DEFAULT_LIMIT,
  MAX_LIMIT,
  MAX_JSON_BODY,
  MAX_UPLOAD,
  MAX_TEXT,
  WS_MAX_PAYLOAD,
  FILE_TYPES,
  MSG_NOT_PROVIDED,
  MSG_TOKEN_INVALID,
  MSG_FORBIDDEN,
  CLOSE_NOT_MEMBER,
  CLOSE_ROOM_DELETED,
  PLACEHOLDER_PNG,
  type Role,
  type RoomType,
  type Location,
  type Status,
  type User,
  type Room,
  type Membership,
  type Message,
  type FileRec,
  type Media,
  type UploadedFile,
  type Body,
  type Conn,
  ApiError,
  badRequest,
  notFound,
  forbidden,
  notProvided,
  tokenInvalid,
  iso,
  UUID_RE,
  hashPassword,
  randomPassword,
  parseIntStrict,
  originOf,
  sendJson,
  readRaw,
  readMultipart,
  readBody,
  guessFileType,
  safeName,
} from './common.ts';
import { createSocial, reverseGeocode, THROTTLE_RATES, type NewUserParams } from './social.ts';

// ---------------------------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------------------------

export async function start(opts?: { port?: number }): Promise<{
  baseUrl: string;
  target: Record<string, unknown>;
  close(): Promise<void>;
}> {
  const secret = crypto.randomBytes(32);
  let fallbackOrigin = 'http://127.0.0.1';

  // ---- state ----
  const users = new Map<number, User>();
  const rooms = new Map<string, Room>();
  const members = new Map<string, Map<number, Membership>>(); // roomId -> userId -> membership (join order)
  const roomMessages = new Map<string, Message[]>(); // roomId -> messages in ascending seq
  const messages = new Map<string, Message>();
  const files = new Map<number, FileRec>();
  const media = new Map<string, Media>();
  const conns = new Map<string, Set<Conn>>(); // roomId -> open sockets
  let nextUserId = 1;
  let nextMembershipId = 1;
  let nextFileId = 1;
  let nextSeq = 1;
  let nextAuxId = 1;

  // ---- tokens ----
  async function mintToken(userId: number, type: 'access' | 'refresh', opts2?: { expiredAgoS?: number }) {
    const now = Math.floor(Date.now() / 1000);
    const ttl = type === 'access' ? ACCESS_TTL_S : REFRESH_TTL_S;
    const iat = opts2?.expiredAgoS !== undefined ? now - ttl - opts2.expiredAgoS : now;
    return new SignJWT({ token_type: type, user_id: userId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(iat)
      .setExpirationTime(iat + ttl)
      .setJti(crypto.randomUUID().replace(/-/g, ''))
      .sign(secret);
  }

  async function verifyToken(token: string, type: 'access' | 'refresh'): Promise<User | null> {
    try {
      const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'] });
      if (payload.token_type !== type) return null;
      const uid = payload.user_id;
      if (typeof uid !== 'number') return null;
      const u = users.get(uid);
      if (!u || !u.is_active) return null;
      return u;
    } catch {
      return null;
    }
  }

  async function authenticate(req: http.IncomingMessage): Promise<User> {
    const h = req.headers.authorization;
    if (!h) throw notProvided();
    const parts = h.trim().split(/\s+/);
    if (parts[0].toLowerCase() !== 'bearer') throw notProvided();
    if (parts.length !== 2) throw new ApiError(401, { detail: 'Authorization header must contain two space-delimited values' });
    const u = await verifyToken(parts[1], 'access');
    if (!u) throw tokenInvalid();
    u.last_online = new Date();
    return u;
  }

  // ---- serializers ----
  const abs = (origin: string, p: string | null) => (p ? `${origin}${p}` : null);

  function userSummary(u: User, origin: string) {
    return {
      id: u.id,
      username: u.username,
      full_name: `${u.first_name} ${u.last_name}`.trim(),
      profile_picture: abs(origin, u.profile_picture),
    };
  }

  function roomOut(r: Room, origin: string) {
    const ms = [...(members.get(r.id)?.values() ?? [])];
    return {
      id: r.id,
      room_type: r.room_type,
      name: r.name,
      username: r.username,
      description: r.description,
      profile_pic: abs(origin, r.profile_pic),
      members: ms.map((m) => userSummary(users.get(m.user)!, origin)),
      created_at: iso(r.created_at),
    };
  }

  function membershipOut(m: Membership, origin: string) {
    return {
      id: m.id,
      room: m.room,
      user: userSummary(users.get(m.user)!, origin),
      role: m.role,
      joined_at: iso(m.joined_at),
    };
  }

  function fileOut(f: FileRec, origin: string) {
    return {
      id: f.id,
      unique_id: f.unique_id,
      file: abs(origin, f.path),
      file_type: f.file_type,
      file_size: f.file_size,
      is_temporary: f.is_temporary,
      uploaded_at: iso(f.uploaded_at),
    };
  }

  function messageOut(m: Message, origin: string) {
    return {
      id: m.id,
      room: m.room,
      sender: userSummary(users.get(m.sender)!, origin),
      text: m.text,
      reply_to: m.reply_to && messages.has(m.reply_to) ? m.reply_to : null,
      attachments: m.files.filter((id) => files.has(id)).map((id) => fileOut(files.get(id)!, origin)),
      is_edited: m.is_edited,
      created_at: iso(m.created_at),
      update_at: iso(m.update_at),
    };
  }

  // ---- model helpers ----
  function uniqueUsername(base: string, id: number): string {
    let b = base.toLowerCase().replace(/[^\w.@+-]/g, '').slice(0, 30) || 'user';
    const taken = (n: string) => [...users.values()].some((u) => u.username.toLowerCase() === n.toLowerCase());
    if (!taken(b)) return b;
    b = `${b}_${id}`;
    while (taken(b)) b = `${b}_${crypto.randomInt(10, 100)}`;
    return b;
  }

  /** Creates a user with the defaults of a fresh sign-up (see CHOICES.md). A null password is unusable. */
  function newUser(p: NewUserParams): User {
    const salt = crypto.randomBytes(16);
    const id = nextUserId++;
    const u: User = {
      id,
      email: p.email,
      pwSalt: salt,
      pwHash: hashPassword(p.password ?? crypto.randomBytes(24).toString('hex'), salt),
      first_name: p.first_name ?? '',
      last_name: p.last_name ?? '',
      username: p.username ?? uniqueUsername(`user${id}`, id),
      bio: '',
      profile_picture: null,
      phone: '',
      is_private: false,
      is_active: p.active,
      is_staff: false,
      date_joined: new Date(),
      last_login: null,
      last_online: null,
      location: null,
      status: null,
    };
    users.set(u.id, u);
    return u;
  }

  function seedUser(p: {
    email: string;
    password: string;
    first_name: string;
    last_name: string;
    username: string;
    bio: string;
    phone: string;
    picture: string | null;
    place?: { lat: string; long: string };
    status?: string;
    staff?: boolean;
  }) {
    const joined = new Date(Date.now() - 90 * 24 * 3600 * 1000);
    const u = newUser({ email: p.email, password: p.password, active: true, first_name: p.first_name, last_name: p.last_name, username: p.username });
    Object.assign(u, { bio: p.bio, phone: p.phone, profile_picture: p.picture, date_joined: joined, is_staff: p.staff ?? false });
    if (p.place) {
      u.location = { id: nextAuxId++, lat: p.place.lat, long: p.place.long, ...reverseGeocode(+p.place.lat, +p.place.long), created_at: joined, update_at: joined };
    }
    if (p.status) u.status = { id: nextAuxId++, content: p.status, created_at: joined, updated_at: joined };
    if (p.picture) media.set(p.picture, { data: PLACEHOLDER_PNG, mime: 'image/png' });
    return u;
  }

  /** Account deletion: the user's memberships, messages and files go (Django CASCADE). */
  function removeUserFromChat(userId: number) {
    for (const r of [...rooms.values()]) {
      const ms = members.get(r.id);
      const mine = ms?.get(userId);
      if (!ms || !mine) continue;
      removeMembership(r, userId, 'Account deleted');
      if (ms.size === 0) {
        deleteRoom(r);
        continue;
      }
      if (mine.role === 'owner') {
        const next = [...ms.values()].find((m) => m.role === 'admin') ?? [...ms.values()][0];
        next.role = 'owner';
      }
    }
    for (const m of [...messages.values()]) {
      if (m.sender === userId) {
        deleteMessage(m);
        broadcast(m.room, deletedFrame(m, userId));
      }
    }
    for (const [id, f] of [...files]) {
      if (f.owner === userId) {
        files.delete(id);
        media.delete(f.path);
      }
    }
  }

  function createRoom(p: { room_type: RoomType; name: string | null; username: string | null; description: string | null; profile_pic: string | null; creator: number; others: number[]; createdAt?: Date }) {
    const r: Room = {
      id: crypto.randomUUID(),
      room_type: p.room_type,
      name: p.name,
      username: p.username,
      description: p.description,
      profile_pic: p.profile_pic,
      created_at: p.createdAt ?? new Date(),
      seq: nextSeq++,
    };
    rooms.set(r.id, r);
    members.set(r.id, new Map());
    roomMessages.set(r.id, []);
    addMember(r.id, p.creator, 'owner', r.created_at);
    for (const uid of p.others) if (uid !== p.creator) addMember(r.id, uid, 'member', r.created_at);
    return r;
  }

  function addMember(roomId: string, userId: number, role: Role, at?: Date) {
    const m: Membership = { id: nextMembershipId++, room: roomId, user: userId, role, joined_at: at ?? new Date() };
    members.get(roomId)!.set(userId, m);
    return m;
  }

  function membershipOf(roomId: string, userId: number) {
    return members.get(roomId)?.get(userId);
  }

  function addMessage(roomId: string, sender: number, text: string, replyTo: string | null, fileIds: number[], at?: Date) {
    const now = at ?? new Date();
    const m: Message = {
      id: crypto.randomUUID(),
      room: roomId,
      sender,
      text,
      reply_to: replyTo,
      files: fileIds,
      is_edited: false,
      created_at: now,
      update_at: now,
      seq: nextSeq++,
    };
    roomMessages.get(roomId)!.push(m);
    messages.set(m.id, m);
    return m;
  }

  function deleteMessage(m: Message) {
    const list = roomMessages.get(m.room);
    if (list) {
      const i = list.indexOf(m);
      if (i >= 0) list.splice(i, 1);
    }
    messages.delete(m.id);
  }

  function deleteRoom(r: Room) {
    for (const m of roomMessages.get(r.id) ?? []) messages.delete(m.id);
    roomMessages.delete(r.id);
    members.delete(r.id);
    rooms.delete(r.id);
    for (const c of conns.get(r.id) ?? []) closeConn(c, CLOSE_ROOM_DELETED, 'Room deleted');
    conns.delete(r.id);
  }

  function removeMembership(r: Room, userId: number, closeReason: string) {
    members.get(r.id)?.delete(userId);
    for (const c of [...(conns.get(r.id) ?? [])]) if (c.userId === userId) closeConn(c, CLOSE_NOT_MEMBER, closeReason);
  }

  function closeConn(c: Conn, code: number, reason: string) {
    conns.get(c.roomId)?.delete(c);
    try {
      if (c.ws.readyState === WebSocket.OPEN || c.ws.readyState === WebSocket.CONNECTING) c.ws.close(code, reason);
    } catch {
      c.ws.terminate();
    }
  }

  function getRoomOr404(id: string): Room {
    if (!UUID_RE.test(id)) throw notFound();
    const r = rooms.get(id.toLowerCase());
    if (!r) throw notFound();
    return r;
  }

  function requireMember(r: Room, u: User): Membership {
    const m = membershipOf(r.id, u.id);
    if (!m) throw forbidden();
    return m;
  }

  function requireRole(r: Room, u: User, roles: Role[]): Membership {
    const m = requireMember(r, u);
    if (!roles.includes(m.role)) throw forbidden();
    return m;
  }

  function requireGroup(r: Room, what: string) {
    if (r.room_type !== 'group') throw badRequest({ room_type: [`${what} is only available for group rooms.`] });
  }

  function targetUserId(body: Body): number {
    const raw = body.fields.user_id;
    if (raw === undefined || raw === null || raw === '') throw badRequest({ user_id: ['This field is required.'] });
    const id = parseIntStrict(raw);
    if (id === null) throw badRequest({ user_id: ['A valid integer is required.'] });
    if (!users.has(id)) throw badRequest({ user_id: [`Invalid pk "${id}" - object does not exist.`] });
    return id;
  }

  function storeMedia(folder: string, f: UploadedFile): string {
    const p = `/media/${folder}/${crypto.randomBytes(6).toString('hex')}_${safeName(f.filename)}`;
    media.set(p, { data: f.data, mime: f.mime });
    return p;
  }

  // ---- broadcasting ----
  function broadcast(roomId: string, build: (origin: string) => Record<string, unknown>, exceptUser?: number) {
    for (const c of conns.get(roomId) ?? []) {
      if (exceptUser !== undefined && c.userId === exceptUser) continue;
      if (c.ws.readyState !== WebSocket.OPEN) continue;
      c.ws.send(JSON.stringify(build(c.origin)));
    }
  }

  function messageFrame(type: 'chat_message' | 'message_edited', m: Message) {
    return (origin: string) => {
      const out = messageOut(m, origin);
      return {
        type,
        ...out,
        message_id: m.id,
        message: m.text,
        files: out.attachments.map((a) => a.id),
      };
    };
  }

  function deletedFrame(m: Message, by: number) {
    return (origin: string) => ({
      type: 'message_deleted',
      id: m.id,
      message_id: m.id,
      room: m.room,
      deleted_by: userSummary(users.get(by)!, origin),
    });
  }

  // ---- seed ----
  const ownerPw = randomPassword('Owner');
  const adminPw = randomPassword('Admin');
  const memberPw = randomPassword('Member');
  const outsiderPw = randomPassword('Outsider');
  const staffPw = randomPassword('Staff');
  const owner = seedUser({ email: 'owner@uzbekhub.test', password: ownerPw, first_name: 'Aziz', last_name: 'Karimov', username: 'aziz_owner', bio: 'Owner of the team room', phone: '+998901110001', picture: '/media/profile_pictures/owner.png', place: { lat: '41.2995', long: '69.2401' }, status: 'Busy working' });
  const admin = seedUser({ email: 'admin@uzbekhub.test', password: adminPw, first_name: 'Dilnoza', last_name: 'Rashidova', username: 'dilnoza_admin', bio: 'Admin of the team room', phone: '+998901110002', picture: '/media/profile_pictures/admin.png', place: { lat: '41.3111', long: '69.2797' }, status: 'Available' });
  const member = seedUser({ email: 'member@uzbekhub.test', password: memberPw, first_name: 'Bekzod', last_name: 'Tursunov', username: 'bekzod_member', bio: 'Plain member', phone: '+998901110003', picture: '/media/profile_pictures/member.png', place: { lat: '39.6542', long: '66.9597' }, status: 'Available' });
  const outsider = seedUser({ email: 'outsider@uzbekhub.test', password: outsiderPw, first_name: 'Nodira', last_name: 'Yusupova', username: 'nodira_outsider', bio: 'Not in any fixture room', phone: '+998901110004', picture: '/media/profile_pictures/outsider.png' });
  const staff = seedUser({ email: 'staff@uzbekhub.test', password: staffPw, first_name: 'Sardor', last_name: 'Aliyev', username: 'sardor_staff', bio: 'Site administrator', phone: '+998901110005', picture: '/media/profile_pictures/staff.png', staff: true });

  const seedStart = Date.now() - 2 * 24 * 3600 * 1000;
  media.set('/media/room_pictures/team.png', { data: PLACEHOLDER_PNG, mime: 'image/png' });
  const groupRoom = createRoom({
    room_type: 'group',
    name: 'Project Team',
    username: 'project_team',
    description: 'Team discussion',
    profile_pic: '/media/room_pictures/team.png',
    creator: owner.id,
    others: [],
    createdAt: new Date(seedStart),
  });
  addMember(groupRoom.id, admin.id, 'admin', new Date(seedStart + 1000));
  addMember(groupRoom.id, member.id, 'member', new Date(seedStart + 2000));
  const senders = [owner.id, admin.id, member.id];
  for (let i = 1; i <= 130; i++) {
    addMessage(groupRoom.id, senders[i % 3], `Fixture message #${i}`, null, [], new Date(seedStart + 60_000 * i));
  }
  const privateRoom = createRoom({
    room_type: 'private',
    name: null,
    username: null,
    description: null,
    profile_pic: null,
    creator: owner.id,
    others: [member.id],
    createdAt: new Date(seedStart + 3000),
  });
  for (let i = 1; i <= 5; i++) {
    addMessage(privateRoom.id, i % 2 ? owner.id : member.id, `Private fixture message #${i}`, null, [], new Date(seedStart + 60_000 * (200 + i)));
  }

  // ---- accounts / posts / stories module ----
  const social = createSocial({
    users,
    media,
    mintToken: (id, type) => mintToken(id, type),
    verifyToken,
    authenticate,
    userSummary,
    storeMedia,
    newUser,
    removeUserFromChat,
    nextAuxId: () => nextAuxId++,
  });

  // ---- REST handlers ----
  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const origin = originOf(req, fallbackOrigin);
    const url = new URL(req.url || '/', 'http://x');
    let path = url.pathname.replace(/\/{2,}/g, '/');
    const method = (req.method || 'GET').toUpperCase();

    // media files (public, no auth)
    if (path.startsWith('/media/')) {
      const m = media.get(path);
      if (!m || (method !== 'GET' && method !== 'HEAD')) throw notFound();
      res.writeHead(200, { 'Content-Type': m.mime, 'Content-Length': m.data.length });
      res.end(method === 'HEAD' ? undefined : m.data);
      return;
    }
    if (!path.endsWith('/')) path += '/';

    const notAllowed = () => new ApiError(405, { detail: `Method "${method}" not allowed.` });
    let mm: RegExpMatchArray | null;

    // --- Accounts (all but sign-in/refresh), Posts, Stories, Notifications, dev-only endpoints ---
    if (await social.handle(req, res, path, method, url, origin)) return;

    // --- Accounts: sign in ---
    if (path === '/api/accounts/auth/signin/') {
      if (method !== 'POST') throw notAllowed();
      const body = await readBody(req);
      const email = body.fields.email;
      const password = body.fields.password;
      const details: Record<string, string[]> = {};
      if (email === undefined || email === null || email === '') details.email = ['This field is required.'];
      else if (typeof email !== 'string') details.email = ['Not a valid string.'];
      if (password === undefined || password === null || password === '') details.password = ['This field is required.'];
      else if (typeof password !== 'string') details.password = ['Not a valid string.'];
      if (Object.keys(details).length) throw badRequest(details);
      const u = [...users.values()].find((x) => x.email.toLowerCase() === (email as string).trim().toLowerCase());
      const ok = u && crypto.timingSafeEqual(hashPassword(password as string, u.pwSalt), u.pwHash);
      if (!u || !ok || !u.is_active) {
        throw new ApiError(401, { detail: 'No active account found with the given credentials' });
      }
      u.last_login = new Date();
      u.last_online = u.last_login;
      sendJson(res, 200, {
        status: true,
        email: u.email,
        token: { access: await mintToken(u.id, 'access'), refresh: await mintToken(u.id, 'refresh') },
      });
      return;
    }

    // --- Accounts: token refresh (not documented; see CHOICES.md) ---
    if (path === '/api/accounts/auth/token/refresh/') {
      if (method !== 'POST') throw notAllowed();
      const body = await readBody(req);
      const r = body.fields.refresh;
      if (r === undefined || r === null || r === '') throw badRequest({ refresh: ['This field is required.'] });
      if (typeof r !== 'string') throw badRequest({ refresh: ['Not a valid string.'] });
      const u = await verifyToken(r, 'refresh');
      if (!u) throw new ApiError(401, { detail: 'Token is invalid or expired' });
      sendJson(res, 200, { access: await mintToken(u.id, 'access'), refresh: await mintToken(u.id, 'refresh') });
      return;
    }

    // Everything below requires an /api/ route known to this server.
    const known =
      path === '/api/chat/rooms/' ||
      path === '/api/chat/files/' ||
      /^\/api\/chat\/rooms\/[^/]+\/(clear_messages\/)?$/.test(path) ||
      /^\/api\/chat\/members\/[^/]+\/(list_members|join|leave|set_admin|remove_admin|transfer_owner|add_member|remove_member)\/$/.test(path) ||
      /^\/api\/chat\/message\/[^/]+\/(list_by_room\/)?$/.test(path) ||
      /^\/api\/chat\/files\/[^/]+\/$/.test(path);
    if (!known) throw notFound();

    const me = await authenticate(req);

    // --- Chat rooms ---
    if (path === '/api/chat/rooms/') {
      if (method === 'GET') {
        const mine = [...rooms.values()].filter((r) => membershipOf(r.id, me.id)).sort((a, b) => b.seq - a.seq);
        sendJson(res, 200, mine.map((r) => roomOut(r, origin)));
        return;
      }
      if (method === 'POST') {
        const body = await readBody(req);
        const f = body.fields;
        const details: Record<string, string[]> = {};
        const rt = f.room_type;
        if (rt === undefined || rt === null || rt === '') details.room_type = ['This field is required.'];
        else if (rt !== 'private' && rt !== 'group') details.room_type = [`"${String(rt)}" is not a valid choice.`];
        // members: JSON array, repeated multipart/form fields, a JSON string or comma list
        let rawMembers: unknown[] | undefined;
        if (body.kind === 'json') {
          if (f.members !== undefined && f.members !== null) {
            if (Array.isArray(f.members)) rawMembers = f.members;
            else details.members = [`Expected a list of items but got type "${typeof f.members}".`];
          }
        } else if (body.multi.members) {
          rawMembers = [];
          for (const v of body.multi.members) {
            const t = v.trim();
            if (t.startsWith('[')) {
              try {
                const arr = JSON.parse(t);
                if (Array.isArray(arr)) rawMembers.push(...arr);
                else rawMembers.push(t);
              } catch {
                rawMembers.push(t);
              }
            } else rawMembers.push(...t.split(',').filter((s) => s.trim() !== ''));
          }
        }
        const memberIds: number[] = [];
        for (const v of rawMembers ?? []) {
          const id = parseIntStrict(v);
          if (id === null) {
            (details.members ??= []).push(`Incorrect type. Expected pk value, received ${typeof v}.`);
            continue;
          }
          if (!users.has(id)) {
            (details.members ??= []).push(`Invalid pk "${id}" - object does not exist.`);
            continue;
          }
          if (!memberIds.includes(id)) memberIds.push(id);
        }
        const strField = (k: string, max: number): string | null => {
          const v = f[k];
          if (v === undefined || v === null) return null;
          if (typeof v !== 'string') {
            details[k] = ['Not a valid string.'];
            return null;
          }
          if (v.length > max) details[k] = [`Ensure this field has no more than ${max} characters.`];
          return v.trim() === '' ? null : v;
        };
        const name = strField('name', 255);
        const username = strField('username', 150);
        const description = strField('description', 2000);
        const pic = body.files.profile_pic?.[0];
        if (f.profile_pic !== undefined && f.profile_pic !== null && f.profile_pic !== '' && !pic) {
          details.profile_pic = ['The submitted data was not a file. Check the encoding type on the form.'];
        }
        if (pic && pic.tooLarge) details.profile_pic = ['File too large.'];
        if (rt === 'private') {
          if (name !== null) details.name = ['Private chat must not have a name.'];
          if (username !== null) details.username = ['Private chat must not have a username.'];
          if (description !== null) details.description = ['Private chat must not have a description.'];
          if (pic && pic.data.length > 0) details.profile_pic = ['Private chat must not have a profile picture.'];
          if (!details.members) {
            const others = memberIds.filter((id) => id !== me.id);
            if (rawMembers === undefined) details.members = ['This field is required.'];
            else if (others.length !== 1) details.members = ['A private chat must have exactly two members: you and one other user.'];
          }
        } else if (rt === 'group') {
          if (name === null && !details.name) details.name = ['This field is required.'];
        }
        if (Object.keys(details).length) throw badRequest(details);
        const room = createRoom({
          room_type: rt as RoomType,
          name: rt === 'group' ? name : null,
          username: rt === 'group' ? username : null,
          description: rt === 'group' ? description : null,
          profile_pic: rt === 'group' && pic && pic.data.length > 0 ? storeMedia('room_pictures', pic) : null,
          creator: me.id,
          others: memberIds,
        });
        sendJson(res, 201, roomOut(room, origin));
        return;
      }
      throw notAllowed();
    }

    if ((mm = path.match(/^\/api\/chat\/rooms\/([^/]+)\/clear_messages\/$/))) {
      if (method !== 'POST') throw notAllowed();
      const r = getRoomOr404(mm[1]);
      requireRole(r, me, ['owner']);
      for (const m of roomMessages.get(r.id) ?? []) messages.delete(m.id);
      roomMessages.set(r.id, []);
      sendJson(res, 200, { message: 'All messages cleared successfully' });
      return;
    }

    if ((mm = path.match(/^\/api\/chat\/rooms\/([^/]+)\/$/))) {
      if (method !== 'GET' && method !== 'PATCH' && method !== 'DELETE') throw notAllowed();
      const r = getRoomOr404(mm[1]);
      if (method === 'GET') {
        requireMember(r, me);
        sendJson(res, 200, roomOut(r, origin));
        return;
      }
      if (method === 'PATCH') {
        requireRole(r, me, ['owner', 'admin']);
        const body = await readBody(req);
        requireGroup(r, 'Updating a room');
        const f = body.fields;
        const details: Record<string, string[]> = {};
        const upd: Partial<Room> = {};
        if ('name' in f) {
          if (typeof f.name !== 'string' || f.name.trim() === '') details.name = ['This field may not be blank.'];
          else if (f.name.length > 255) details.name = ['Ensure this field has no more than 255 characters.'];
          else upd.name = f.name;
        }
        for (const [k, max] of [['username', 150], ['description', 2000]] as const) {
          if (k in f) {
            const v = f[k];
            if (v === null || v === '') upd[k] = null;
            else if (typeof v !== 'string') details[k] = ['Not a valid string.'];
            else if (v.length > max) details[k] = [`Ensure this field has no more than ${max} characters.`];
            else upd[k] = v;
          }
        }
        const pic = body.files.profile_pic?.[0];
        if (pic) {
          if (pic.tooLarge) details.profile_pic = ['File too large.'];
          else upd.profile_pic = pic.data.length ? storeMedia('room_pictures', pic) : null;
        } else if ('profile_pic' in f) {
          if (f.profile_pic === null || f.profile_pic === '') upd.profile_pic = null;
          else details.profile_pic = ['The submitted data was not a file. Check the encoding type on the form.'];
        }
        if (Object.keys(details).length) throw badRequest(details);
        Object.assign(r, upd);
        sendJson(res, 200, roomOut(r, origin));
        return;
      }
      // DELETE
      const m = requireMember(r, me);
      if (r.room_type === 'group' && m.role !== 'owner') throw forbidden();
      deleteRoom(r);
      sendJson(res, 204, null);
      return;
    }

    // --- Room members ---
    if ((mm = path.match(/^\/api\/chat\/members\/([^/]+)\/([a-z_]+)\/$/))) {
      const action = mm[2];
      if (action === 'list_members') {
        if (method !== 'GET') throw notAllowed();
        const r = getRoomOr404(mm[1]);
        requireMember(r, me);
        sendJson(res, 200, [...members.get(r.id)!.values()].map((m) => membershipOut(m, origin)));
        return;
      }
      if (method !== 'POST') throw notAllowed();
      const r = getRoomOr404(mm[1]);

      if (action === 'join') {
        if (membershipOf(r.id, me.id)) {
          throw badRequest({ non_field_errors: ['You are already a member of this room.'] });
        }
        if (r.room_type === 'private') throw forbidden();
        addMember(r.id, me.id, 'member');
        sendJson(res, 201, { message: 'Successfully joined the room' });
        return;
      }

      if (action === 'leave') {
        const m = requireMember(r, me);
        const count = members.get(r.id)!.size;
        if (r.room_type === 'group' && m.role === 'owner' && count > 1) {
          throw badRequest({ non_field_errors: ['The owner cannot leave the room. Transfer ownership first.'] });
        }
        removeMembership(r, me.id, 'You left the room');
        if (members.get(r.id)!.size === 0) deleteRoom(r);
        sendJson(res, 200, { message: 'Successfully left the room' });
        return;
      }

      if (action === 'set_admin' || action === 'remove_admin' || action === 'transfer_owner') {
        requireRole(r, me, ['owner']);
        const body = await readBody(req);
        requireGroup(r, 'This action');
        const uid = targetUserId(body);
        const target = membershipOf(r.id, uid);
        if (!target) throw badRequest({ user_id: ['User is not a member of this room.'] });
        if (uid === me.id) throw badRequest({ user_id: ['You cannot perform this action on yourself.'] });
        if (action === 'set_admin') {
          target.role = 'admin';
          sendJson(res, 200, { message: 'User promoted to admin' });
        } else if (action === 'remove_admin') {
          target.role = 'member';
          sendJson(res, 200, { message: 'Admin role removed' });
        } else {
          target.role = 'owner';
          membershipOf(r.id, me.id)!.role = 'admin';
          sendJson(res, 200, { message: 'Ownership transferred successfully' });
        }
        return;
      }

      if (action === 'add_member') {
        requireRole(r, me, ['owner', 'admin']);
        const body = await readBody(req);
        requireGroup(r, 'Adding members');
        const uid = targetUserId(body);
        if (membershipOf(r.id, uid)) throw badRequest({ user_id: ['User is already a member of this room.'] });
        addMember(r.id, uid, 'member');
        sendJson(res, 200, { message: 'Member added successfully' });
        return;
      }

      if (action === 'remove_member') {
        const actor = requireRole(r, me, ['owner', 'admin']);
        const body = await readBody(req);
        requireGroup(r, 'Removing members');
        const uid = targetUserId(body);
        const target = membershipOf(r.id, uid);
        if (!target) throw badRequest({ user_id: ['User is not a member of this room.'] });
        if (uid === me.id) throw badRequest({ user_id: ['You cannot remove yourself; use leave instead.'] });
        if (target.role === 'owner') throw forbidden();
        if (actor.role === 'admin' && target.role === 'admin') throw forbidden();
        removeMembership(r, uid, 'You were removed from the room');
        sendJson(res, 200, { message: 'Member removed successfully' });
        return;
      }
      throw notFound();
    }

    // --- Messages ---
    if ((mm = path.match(/^\/api\/chat\/message\/([^/]+)\/list_by_room\/$/))) {
      if (method !== 'GET') throw notAllowed();
      const r = getRoomOr404(mm[1]);
      requireMember(r, me);
      let limit = DEFAULT_LIMIT;
      let offset = 0;
      const lq = url.searchParams.get('limit');
      const oq = url.searchParams.get('offset');
      if (lq !== null && /^\d+$/.test(lq.trim()) && parseInt(lq, 10) > 0) limit = Math.min(parseInt(lq, 10), MAX_LIMIT);
      if (oq !== null && /^\d+$/.test(oq.trim())) offset = parseInt(oq, 10);
      const all = [...(roomMessages.get(r.id) ?? [])].reverse(); // newest first
      const count = all.length;
      const page = all.slice(offset, offset + limit);
      const pageUrl = (o: number) => {
        const u = new URL(`${origin}${url.pathname}`);
        for (const [k, v] of url.searchParams) if (k !== 'limit' && k !== 'offset') u.searchParams.append(k, v);
        u.searchParams.set('limit', String(limit));
        u.searchParams.set('offset', String(o));
        return u.toString();
      };
      sendJson(res, 200, {
        count,
        next: offset + limit < count ? pageUrl(offset + limit) : null,
        previous: offset > 0 ? pageUrl(offset > count ? Math.max(0, count - limit) : Math.max(0, offset - limit)) : null,
        results: page.map((m) => messageOut(m, origin)),
      });
      return;
    }

    if ((mm = path.match(/^\/api\/chat\/message\/([^/]+)\/$/))) {
      if (method !== 'DELETE') throw notAllowed();
      const id = mm[1].toLowerCase();
      const m = UUID_RE.test(id) ? messages.get(id) : undefined;
      if (!m) throw notFound();
      if (m.sender !== me.id) throw forbidden();
      deleteMessage(m);
      broadcast(m.room, deletedFrame(m, me.id));
      sendJson(res, 204, null);
      return;
    }

    // --- Files ---
    if (path === '/api/chat/files/') {
      if (method === 'GET') {
        const mine = [...files.values()].filter((f) => f.owner === me.id).sort((a, b) => b.id - a.id);
        sendJson(res, 200, mine.map((f) => fileOut(f, origin)));
        return;
      }
      if (method === 'POST') {
        const ct = String(req.headers['content-type'] || '').toLowerCase();
        const body = await readBody(req);
        const details: Record<string, string[]> = {};
        const up = body.files.file?.[0];
        if (!up) {
          details.file = [ct.startsWith('multipart/form-data') ? 'No file was submitted.' : 'The submitted data was not a file. Check the encoding type on the form.'];
        } else if (up.tooLarge) {
          details.file = [`File too large. The maximum size is ${MAX_UPLOAD} bytes.`];
        } else if (up.data.length === 0) {
          details.file = ['The submitted file is empty.'];
        }
        let ft: string | undefined;
        const rawType = body.fields.file_type;
        if (rawType !== undefined && rawType !== null && rawType !== '') {
          if (typeof rawType !== 'string' || !(FILE_TYPES as readonly string[]).includes(rawType)) {
            details.file_type = [`"${String(rawType)}" is not a valid choice.`];
          } else ft = rawType;
        }
        if (Object.keys(details).length) throw badRequest(details);
        const unique_id = crypto.createHash('sha256').update(up!.data).digest('hex');
        const existing = [...files.values()].find((x) => x.owner === me.id && x.unique_id === unique_id);
        if (existing) {
          sendJson(res, 201, fileOut(existing, origin));
          return;
        }
        const rec: FileRec = {
          id: nextFileId++,
          owner: me.id,
          unique_id,
          path: storeMedia('chat_files', up!),
          file_type: ft ?? guessFileType(up!.mime, up!.filename),
          file_size: up!.data.length,
          is_temporary: false,
          uploaded_at: new Date(),
        };
        files.set(rec.id, rec);
        sendJson(res, 201, fileOut(rec, origin));
        return;
      }
      throw notAllowed();
    }

    if ((mm = path.match(/^\/api\/chat\/files\/([^/]+)\/$/))) {
      if (method !== 'DELETE') throw notAllowed();
      const id = /^\d+$/.test(mm[1]) ? parseInt(mm[1], 10) : NaN;
      const f = files.get(id);
      if (!f) throw notFound();
      if (f.owner !== me.id) throw forbidden();
      files.delete(id);
      media.delete(f.path);
      sendJson(res, 204, null);
      return;
    }

    throw notFound();
  }

  // ---- WebSocket ----
  function rejectUpgrade(socket: Duplex, status: number, body: Record<string, unknown>) {
    const text = JSON.stringify(body);
    const reason = http.STATUS_CODES[status] || 'Error';
    try {
      socket.write(
        `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
      );
    } catch {
      /* ignore */
    }
    socket.destroy();
  }

  const TOKEN_PROTOCOL_NAMES = new Set(['bearer', 'jwt', 'token', 'access_token', 'access', 'authorization']);

  function wsTokenCandidates(req: http.IncomingMessage): string[] {
    const out: string[] = [];
    const h = req.headers.authorization;
    if (h) {
      const parts = h.trim().split(/\s+/);
      if (parts.length === 2 && parts[0].toLowerCase() === 'bearer') out.push(parts[1]);
    }
    const url = new URL(req.url || '/', 'http://x');
    for (const k of ['token', 'access', 'access_token', 'jwt']) {
      const v = url.searchParams.get(k);
      if (v) out.push(v.replace(/^Bearer\s+/i, ''));
    }
    const cookie = req.headers.cookie;
    if (cookie) {
      for (const part of cookie.split(';')) {
        const i = part.indexOf('=');
        if (i < 0) continue;
        const k = part.slice(0, i).trim();
        if (['access', 'access_token', 'token', 'jwt'].includes(k)) out.push(decodeURIComponent(part.slice(i + 1).trim()));
      }
    }
    const proto = req.headers['sec-websocket-protocol'];
    if (proto) {
      for (const p of String(proto).split(',').map((s) => s.trim())) {
        if (p && !TOKEN_PROTOCOL_NAMES.has(p.toLowerCase())) out.push(p);
      }
    }
    return out;
  }

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: WS_MAX_PAYLOAD,
    handleProtocols: (protocols: Set<string>) => {
      for (const p of protocols) if (TOKEN_PROTOCOL_NAMES.has(p.toLowerCase())) return p;
      const first = protocols.values().next();
      return first.done ? false : first.value;
    },
  });

  async function onUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer) {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url || '/', 'http://x');
    const m = url.pathname.match(/^\/ws\/chat\/([^/]+)\/?$/);
    if (!m) return rejectUpgrade(socket, 404, { error: 'Resource not found' });
    const cands = wsTokenCandidates(req);
    if (cands.length === 0) return rejectUpgrade(socket, 401, { detail: MSG_NOT_PROVIDED });
    let user: User | null = null;
    for (const t of cands) {
      user = await verifyToken(t, 'access');
      if (user) break;
    }
    if (!user) return rejectUpgrade(socket, 401, { detail: MSG_TOKEN_INVALID });
    const roomId = m[1].toLowerCase();
    const room = UUID_RE.test(roomId) ? rooms.get(roomId) : undefined;
    if (!room) return rejectUpgrade(socket, 404, { error: 'Resource not found' });
    if (!membershipOf(room.id, user.id)) return rejectUpgrade(socket, 403, { detail: MSG_FORBIDDEN });
    const origin = originOf(req, fallbackOrigin);
    const u = user;
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, u, room, origin));
  }

  function onConnection(ws: WebSocket, user: User, room: Room, origin: string) {
    // The room may have been deleted / membership lost while the handshake ran.
    if (!rooms.has(room.id) || !membershipOf(room.id, user.id)) {
      ws.close(CLOSE_NOT_MEMBER, 'Not a member of this room');
      return;
    }
    const conn: Conn = { ws, userId: user.id, roomId: room.id, origin };
    let set = conns.get(room.id);
    if (!set) conns.set(room.id, (set = new Set()));
    set.add(conn);
    user.last_online = new Date();
    ws.on('error', () => undefined);
    ws.on('close', () => {
      conns.get(room.id)?.delete(conn);
      user.last_online = new Date();
    });
    ws.on('message', (data, isBinary) => {
      try {
        onFrame(conn, user, room, data as Buffer, isBinary);
      } catch {
        sendFrame(ws, { type: 'error', error: 'Internal server error occurred' });
      }
    });
  }

  function sendFrame(ws: WebSocket, frame: Record<string, unknown>) {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
  }

  function wsBad(ws: WebSocket, details: Record<string, string[]>) {
    sendFrame(ws, { type: 'error', error: 'Invalid request data', details });
  }

  function onFrame(conn: Conn, user: User, room: Room, data: Buffer, isBinary: boolean) {
    const ws = conn.ws;
    if (!rooms.has(room.id) || !membershipOf(room.id, user.id)) {
      closeConn(conn, CLOSE_NOT_MEMBER, 'Not a member of this room');
      return;
    }
    user.last_online = new Date();
    if (isBinary) return wsBad(ws, { non_field_errors: ['Binary frames are not supported; send JSON text frames.'] });
    let msg: unknown;
    try {
      msg = JSON.parse(data.toString('utf8'));
    } catch {
      return wsBad(ws, { non_field_errors: ['Invalid JSON.'] });
    }
    if (!msg || typeof msg !== 'object' || Array.isArray(msg)) return wsBad(ws, { non_field_errors: ['Expected a JSON object.'] });
    const f = msg as Record<string, unknown>;
    const type = typeof f.type === 'string' ? f.type : 'chat_message';

    const findMessage = (): Message | null => {
      const raw = f.message_id ?? f.id;
      if (typeof raw !== 'string' || raw === '') {
        wsBad(ws, { message_id: ['This field is required.'] });
        return null;
      }
      const m = messages.get(raw.toLowerCase());
      if (!m || m.room !== room.id) {
        sendFrame(ws, { type: 'error', error: 'Resource not found' });
        return null;
      }
      return m;
    };

    switch (type) {
      case 'ping':
      case 'heartbeat':
        sendFrame(ws, { type: 'pong' });
        return;

      case 'chat_message':
      case 'message':
      case 'send_message': {
        const details: Record<string, string[]> = {};
        const rawText = f.message ?? f.text ?? '';
        if (typeof rawText !== 'string') details.message = ['Not a valid string.'];
        const text = typeof rawText === 'string' ? rawText : '';
        if (text.length > MAX_TEXT) details.message = [`Ensure this field has no more than ${MAX_TEXT} characters.`];
        let replyTo: string | null = null;
        if (f.reply_to !== undefined && f.reply_to !== null && f.reply_to !== '') {
          if (typeof f.reply_to !== 'string') details.reply_to = ['Must be a message id.'];
          else {
            const target = messages.get(f.reply_to.toLowerCase());
            if (!target || target.room !== room.id) details.reply_to = ['Message not found in this room.'];
            else replyTo = target.id;
          }
        }
        const fileIds: number[] = [];
        if (f.files !== undefined && f.files !== null) {
          if (!Array.isArray(f.files)) details.files = ['Expected a list of file ids.'];
          else {
            for (const v of f.files) {
              const raw = v && typeof v === 'object' && 'id' in (v as object) ? (v as { id: unknown }).id : v;
              const id = parseIntStrict(raw);
              const rec = id === null ? undefined : files.get(id);
              if (!rec || rec.owner !== user.id) {
                (details.files ??= []).push(`Invalid file id "${String(raw)}".`);
                continue;
              }
              if (!fileIds.includes(rec.id)) fileIds.push(rec.id);
            }
          }
        }
        if (!details.message && text.trim() === '' && fileIds.length === 0 && !details.files) {
          details.message = ['A message needs text or at least one file.'];
        }
        if (Object.keys(details).length) return wsBad(ws, details);
        const m = addMessage(room.id, user.id, text, replyTo, fileIds);
        broadcast(room.id, messageFrame('chat_message', m));
        return;
      }

      case 'message_edited':
      case 'edit_message':
      case 'edit': {
        const m = findMessage();
        if (!m) return;
        if (m.sender !== user.id) return sendFrame(ws, { type: 'error', detail: MSG_FORBIDDEN });
        const rawText = f.message ?? f.text;
        if (typeof rawText !== 'string' || rawText.trim() === '') return wsBad(ws, { message: ['This field may not be blank.'] });
        if (rawText.length > MAX_TEXT) return wsBad(ws, { message: [`Ensure this field has no more than ${MAX_TEXT} characters.`] });
        m.text = rawText;
        m.is_edited = true;
        m.update_at = new Date();
        broadcast(room.id, messageFrame('message_edited', m));
        return;
      }

      case 'message_deleted':
      case 'delete_message':
      case 'delete': {
        const m = findMessage();
        if (!m) return;
        if (m.sender !== user.id) return sendFrame(ws, { type: 'error', detail: MSG_FORBIDDEN });
        deleteMessage(m);
        broadcast(room.id, deletedFrame(m, user.id));
        return;
      }

      case 'user_typing':
      case 'typing': {
        const isTyping = f.is_typing === undefined ? true : Boolean(f.is_typing);
        broadcast(
          room.id,
          (origin) => ({ type: 'user_typing', room: room.id, user: userSummary(user, origin), user_id: user.id, username: user.username, is_typing: isTyping }),
          user.id,
        );
        return;
      }

      case 'message_read':
      case 'read':
      case 'mark_read': {
        const m = findMessage();
        if (!m) return;
        const at = iso(new Date());
        broadcast(
          room.id,
          (origin) => ({ type: 'message_read', room: room.id, message_id: m.id, id: m.id, user: userSummary(user, origin), user_id: user.id, read_at: at }),
          user.id,
        );
        return;
      }

      default:
        return wsBad(ws, { type: [`Unknown message type "${type}".`] });
    }
  }

  // ---- HTTP server ----
  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (e instanceof ApiError) {
        const headers: Record<string, string> = { ...e.headers };
        if (e.status === 401) headers['WWW-Authenticate'] = 'Bearer realm="api"';
        sendJson(res, e.status, e.body, headers);
      } else {
        sendJson(res, 500, { error: 'Internal server error occurred' });
      }
    });
  });
  server.on('upgrade', (req, socket, head) => {
    onUpgrade(req, socket, head).catch(() => rejectUpgrade(socket, 500, { error: 'Internal server error occurred' }));
  });
  server.on('clientError', (_e, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts?.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  fallbackOrigin = baseUrl;

  const userEntry = async (u: User, pw: string) => ({
    credentials: { email: u.email, password: pw },
    id: u.id,
    expiredToken: await mintToken(u.id, 'access', { expiredAgoS: 3600 }),
  });

  const target: Record<string, unknown> = {
    profile: 'uzbekhub',
    baseUrl,
    wsUrl: `ws://127.0.0.1:${port}`,
    users: {
      owner: await userEntry(owner, ownerPw),
      admin: await userEntry(admin, adminPw),
      member: await userEntry(member, memberPw),
      outsider: await userEntry(outsider, outsiderPw),
      staff: await userEntry(staff, staffPw),
    },
    fixtures: {
      room: groupRoom.id,
      privateRoom: privateRoom.id,
    },
    hooks: {
      emailCode: { http: { method: 'GET', path: '/_dev/mail/last/?email={email}', value: 'code' } },
      archiveStory: { http: { method: 'POST', path: '/_dev/stories/{story}/archive/' } },
    },
    throttles: { ...THROTTLE_RATES },
    endpoints: {
      'auth.login': {
        path: '/api/accounts/auth/signin/',
        method: 'POST',
        accessPath: 'token.access',
        refreshPath: 'token.refresh',
      },
      'auth.refresh': {
        path: '/api/accounts/auth/token/refresh/',
        method: 'POST',
        accessPath: 'access',
        refreshPath: 'refresh',
      },
    },
  };

  let closed: Promise<void> | null = null;
  return {
    baseUrl,
    target,
    close() {
      if (closed) return closed;
      closed = new Promise<void>((resolve) => {
        for (const set of conns.values()) for (const c of set) c.ws.terminate();
        for (const c of wss.clients) c.terminate();
        conns.clear();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------

const isMain = (() => {
  try {
    return process.argv[1] !== undefined && import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1])).href;
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
  const port = get('--port') !== undefined ? Number(get('--port')) : 0;
  const out = get('--target-out');
  const srv = await start({ port });
  const json = JSON.stringify(srv.target, null, 2);
  if (out) {
    fs.writeFileSync(out, json + '\n');
    process.stdout.write(`uzbekhub server listening on ${srv.baseUrl}; target written to ${out}\n`);
  } else {
    process.stdout.write(json + '\n');
  }
  const stop = () => {
    srv.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
