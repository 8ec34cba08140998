// 004 §Chat API 1-19: rooms, members, history and files, each with the role its "Authentication" line
// names: Member only, Admin/Owner only, Owner only, Sender only (403 {"detail"} for a member without the
// role; for someone outside the room too, or 404 under a variant). Room validation is §Chat API 2's and
// D-uzbekhub-13's; history is limit/offset, default 50, at most 100, oldest first (D-uzbekhub-07); an upload
// of bytes already uploaded returns that file (§Chat API 18's note, D-uzbekhub-18).
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { ServerError } from '../errors.ts';
import { readJsonBody, type RequestContext, type RouteDecl } from '../http.ts';
import type { ServerContext } from '../dialect.ts';
import { MEDIA_PREFIX, safeFileName } from '../media.ts';
import { frameOut, read, refuse, valid } from '../seams.ts';
import { UUID, caller } from './auth.ts';
import { readMultipart, text } from './form.ts';
import type { UzRole } from './spec.ts';
import { userById, type FileType, type UzFile, type UzRoom, type UzState, type UzUser } from './state.ts';
import { FORBIDDEN, fileView, frameText, membersView, messageView, roomView } from './wire.ts';

const MAX_LIMIT = 100;
const MAX_UPLOAD = 10 * 1024 * 1024;
const FILE_TYPES: readonly FileType[] = ['image', 'video', 'voice', 'document', 'other'];
const ALL: readonly UzRole[] = ['owner', 'admin', 'member'];
const ADMINS: readonly UzRole[] = ['owner', 'admin'];
const OWNER: readonly UzRole[] = ['owner'];

const ack = (message: string, status = 200) => ({ status, body: { message }, schema: 'uzbekhub/ack-response' });
const bad = (field: string, text: string) => ServerError.validation({ [field]: [text] });

export function chatRoutes(sc: ServerContext, state: UzState): RouteDecl[] {
  const rules = sc.variants.rules;

  /** The room of `id` (404 for a malformed or unknown id). */
  function roomOf(id: string | undefined): UzRoom {
    const room = id && UUID.test(id) ? state.rooms.get(id.toLowerCase()) : undefined;
    if (!room) throw new ServerError('NOT_FOUND');
    return room;
  }

  /** The caller's role in `room` if it is one of `allowed`; 403 otherwise (404 for a non-member under a variant). */
  async function requireRole(op: string, room: UzRoom, user: UzUser, allowed: readonly UzRole[]): Promise<UzRole> {
    const role = read(sc, 'uz.role', state.roleOf(room, user.id), { op, room });
    if (role === undefined) {
      await refuse(sc, 'uz-role', rules.uzForeign404 ? new ServerError('NOT_FOUND') : new ServerError('FORBIDDEN_ROOM', { message: FORBIDDEN }));
      return 'member';
    }
    if (!allowed.includes(role)) await refuse(sc, 'uz-role', new ServerError('FORBIDDEN_ROOM', { message: FORBIDDEN }));
    return role;
  }

  /** The `user_id` of a member operation's body: an existing user (400 otherwise). */
  async function target(rc: RequestContext, op: string): Promise<number> {
    const body = (await readJsonBody(rc.req)) as Record<string, unknown> | null;
    const raw = body && typeof body === 'object' ? body.user_id : undefined;
    const id = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (raw === undefined || raw === null) throw bad('user_id', 'This field is required.');
    if (!Number.isInteger(id) || !userById(id)) throw bad('user_id', `Invalid pk "${String(raw)}" - object does not exist.`);
    return read(sc, 'uz.member.target', id, { op });
  }

  /**
   * A reply of room objects; under the members-key variant their `members` are `participants`. The schema key
   * stays (reply faults select by it; --self-check logs the departure, which is the variant's point).
   */
  function rooms(status: number, b: ReturnType<typeof roomView> | ReturnType<typeof roomView>[], schema: string) {
    if (!rules.uzMembersKey) return { status, body: b, schema };
    const moved = (r: ReturnType<typeof roomView>) => {
      const { members, ...rest } = r;
      return { ...rest, participants: members };
    };
    return { status, body: Array.isArray(b) ? b.map(moved) : moved(b), schema };
  }

  /** Whether an operation's effect is applied (a fault answers success and changes nothing). */
  const applies = (op: string): boolean => read(sc, 'uz.effect', true, { op });

  const memberIn = (room: UzRoom, userId: number) => room.members.find((m) => m.userId === userId);

  function memberOp(op: string, allowed: readonly UzRole[], act: (room: UzRoom, user: UzUser, target: number) => { status: number; body: unknown; schema: string }): RouteDecl {
    return {
      op,
      async handler(rc) {
        const user = await caller(sc, rc);
        const room = roomOf(rc.params.id);
        await requireRole(op, room, user, allowed);
        return act(room, user, await target(rc, op));
      },
    };
  }

  function setRole(room: UzRoom, userId: number, role: UzRole): void {
    const m = memberIn(room, userId);
    if (m) m.role = role;
  }

  function validateCreate(user: UzUser, body: unknown): UzRoom {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('non_field_errors', 'Invalid data. Expected a dictionary.');
    const b = body as Record<string, unknown>;
    if (b.room_type !== 'private' && b.room_type !== 'group') throw bad('room_type', `"${String(b.room_type ?? '')}" is not a valid choice.`);
    const members = b.members;
    if (!Array.isArray(members) || members.length === 0) throw bad('members', 'This field is required.');
    const ids = [...new Set(members.map((m) => Number(m)))];
    const unknown = ids.find((id) => !Number.isInteger(id) || !userById(id));
    if (unknown !== undefined) throw bad('members', `Invalid pk "${String(unknown)}" - object does not exist.`);
    const given = (k: string) => b[k] !== undefined && b[k] !== null && b[k] !== '';
    const str = (k: string) => (given(k) ? String(b[k]) : null);
    // D-uzbekhub-13: the creator is always a member; owner of a group, owner of a private room too unless a variant says member.
    const others = ids.filter((id) => id !== user.id);
    const at = state.now();
    if (b.room_type === 'private') {
      const extra = ['name', 'username', 'description', 'profile_pic'].filter(given);
      if (!valid(sc, 'uz-private-no-group-fields', extra.length === 0)) throw ServerError.validation(Object.fromEntries(extra.map((k) => [k, ['Private chat cannot have this field.']])));
      if (!valid(sc, 'uz-private-two', others.length === 1)) throw bad('members', 'A private chat has exactly two members.');
      return {
        id: randomUUID(), type: 'private', name: null, username: null, description: null, profilePic: null, createdAt: at,
        members: [state.member(user.id, rules.uzPrivateCreatorMember ? 'member' : 'owner', at), ...others.map((id) => state.member(id, 'member', at))],
      };
    }
    if (!valid(sc, 'uz-group-name', given('name'))) throw bad('name', 'Group chat requires a name.');
    if (rules.uzGroupUsernameRequired && !given('username')) throw bad('username', 'This field is required.');
    return {
      id: randomUUID(), type: 'group', name: str('name'), username: str('username'), description: str('description'), profilePic: null, createdAt: at,
      members: [state.member(user.id, 'owner', at), ...others.map((id) => state.member(id, 'member', at))],
    };
  }

  function historyPage(rc: RequestContext, room: UzRoom) {
    const num = (name: string, dflt: number) => {
      const raw = rc.url.searchParams.get(name);
      if (raw === null || raw === '') return dflt;
      const n = Number(raw);
      return Number.isInteger(n) && n >= 0 ? n : dflt;
    };
    const defaultLimit = read(sc, 'uz.history.default-limit', 50);
    const limit = Math.min(MAX_LIMIT, Math.max(1, num('limit', defaultLimit) || defaultLimit));
    const offset = read(sc, 'uz.history.offset', num('offset', 0), { limit });
    const all = state.history(room.id);
    const ordered = rules.historyNewestFirst ? [...all].reverse() : all;
    const results = ordered.slice(offset, offset + limit).map((m) => messageView(m, state, rc.origin));
    const base = `${rules.uzRelativeLinks ? '' : rc.origin}${rc.url.pathname}`;
    const link = (o: number) => `${base}?limit=${limit}${o > 0 ? `&offset=${o}` : ''}`;
    return {
      count: all.length,
      next: offset + limit < all.length ? link(offset + limit) : null,
      previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
      results,
    };
  }

  async function upload(rc: RequestContext, user: UzUser) {
    const type = String(rc.req.headers['content-type'] ?? '');
    if (!/^multipart\/form-data\b/i.test(type)) throw new ServerError('UNSUPPORTED_MEDIA_TYPE', { message: `Unsupported media type "${type.split(';')[0] || 'none'}" in request.` });
    const form = await readMultipart(rc, { maxFile: MAX_UPLOAD, files: 2, fields: 10, keep: (name) => name === 'file', errorField: 'file' });
    const part = form.files.file?.[0];
    if (!part) throw bad('file', 'No file was submitted.');
    if (part.data.length === 0) throw bad('file', 'The submitted file is empty.');
    const declared = text(form, 'file_type');
    if (declared !== undefined && declared !== '' && !FILE_TYPES.includes(declared as FileType)) throw bad('file_type', `"${declared}" is not a valid choice.`);
    const hash = read(sc, 'uz.file.hash', createHash('sha256').update(part.data).digest('hex'));
    const existing = [...state.files.values()].find((f) => f.uniqueId === hash && f.ownerId === user.id);
    if (existing) return { status: 201, body: fileView(existing, rc.origin), schema: 'uzbekhub/file' };
    const id = state.nextFileId();
    const path = `chat_files/${hash.slice(0, 16)}/${id}_${safeFileName(part.name)}`;
    await sc.media.save(path, Readable.from([part.data]), () => false);
    const file: UzFile = { id, ownerId: user.id, uniqueId: hash, path, type: (declared as FileType) || typeOf(part.mime), size: part.data.length, uploadedAt: state.now() };
    state.files.set(id, file);
    return { status: 201, body: fileView(file, rc.origin), schema: 'uzbekhub/file' };
  }

  return [
    {
      op: 'rooms.list',
      async handler(rc) {
        const user = await caller(sc, rc);
        return rooms(200, state.roomsOf(user.id).map(roomView), 'uzbekhub/room-list-response');
      },
    },
    {
      op: 'rooms.create',
      async handler(rc) {
        const user = await caller(sc, rc);
        const room = validateCreate(user, await readJsonBody(rc.req));
        state.putRoom(room);
        return rooms(201, roomView(room), 'uzbekhub/room');
      },
    },
    {
      op: 'rooms.get',
      async handler(rc) {
        const user = await caller(sc, rc);
        const room = roomOf(rc.params.id);
        await requireRole('rooms.get', room, user, ALL);
        return rooms(200, roomView(room), 'uzbekhub/room');
      },
    },
    {
      op: 'rooms.update',
      async handler(rc) {
        const user = await caller(sc, rc);
        const room = roomOf(rc.params.id);
        await requireRole('rooms.update', room, user, ADMINS);
        if (room.type !== 'group') throw bad('room_type', 'Only group chats can be updated.');
        const body = (await readJsonBody(rc.req)) as Record<string, unknown> | null;
        if (!body || typeof body !== 'object' || Array.isArray(body)) throw bad('non_field_errors', 'Invalid data. Expected a dictionary.');
        if ('name' in body && (typeof body.name !== 'string' || body.name === '')) throw bad('name', 'This field may not be blank.');
        if (applies('rooms.update')) for (const k of ['name', 'username', 'description'] as const) if (typeof body[k] === 'string') room[k] = body[k] as string;
        return rooms(200, roomView(room), 'uzbekhub/room');
      },
    },
    {
      op: 'rooms.delete',
      async handler(rc) {
        const user = await caller(sc, rc);
        const room = roomOf(rc.params.id);
        await requireRole('rooms.delete', room, user, room.type === 'group' ? OWNER : ALL);
        if (applies('rooms.delete')) state.deleteRoom(room.id);
        return { status: 204 };
      },
    },
    {
      op: 'rooms.clearMessages',
      ...(rules.uzClearDelete ? { method: 'DELETE' } : {}),
      async handler(rc: RequestContext) {
        const user = await caller(sc, rc);
        const room = roomOf(rc.params.id);
        await requireRole('rooms.clearMessages', room, user, OWNER);
        if (applies('rooms.clearMessages')) state.clear(room.id);
        return ack('All messages cleared successfully');
      },
    },
    {
      op: 'members.list',
      async handler(rc) {
        const user = await caller(sc, rc);
        const room = roomOf(rc.params.id);
        await requireRole('members.list', room, user, ALL);
        const members = membersView(room);
        return { status: 200, body: rules.uzMembersKey ? { count: members.length, members } : members, schema: 'uzbekhub/member-list-response' };
      },
    },
    {
      op: 'members.join',
      async handler(rc) {
        const user = await caller(sc, rc);
        const room = roomOf(rc.params.id);
        if (memberIn(room, user.id)) throw bad('non_field_errors', 'You are already a member of this room.');
        if (room.type === 'private') throw new ServerError('FORBIDDEN_ROOM', { message: FORBIDDEN });
        if (applies('members.join')) room.members.push(state.member(user.id, 'member'));
        return ack('Successfully joined the room', 201);
      },
    },
    {
      op: 'members.leave',
      async handler(rc) {
        const user = await caller(sc, rc);
        const room = roomOf(rc.params.id);
        await requireRole('members.leave', room, user, ALL);
        if (applies('members.leave')) room.members = room.members.filter((m) => m.userId !== user.id);
        return ack('Successfully left the room');
      },
    },
    memberOp('members.setAdmin', OWNER, (room, _u, id) => {
      if (!memberIn(room, id)) throw bad('user_id', 'The user is not a member of this room.');
      if (applies('members.setAdmin')) setRole(room, id, 'admin');
      return ack('User promoted to admin');
    }),
    memberOp('members.removeAdmin', OWNER, (room, _u, id) => {
      if (memberIn(room, id)?.role !== 'admin') throw bad('user_id', 'The user is not an admin of this room.');
      if (applies('members.removeAdmin')) setRole(room, id, 'member');
      return ack('Admin role removed');
    }),
    memberOp('members.transferOwner', OWNER, (room, user, id) => {
      if (!memberIn(room, id)) throw bad('user_id', 'The user is not a member of this room.');
      if (id !== user.id && applies('members.transferOwner')) {
        setRole(room, id, 'owner');
        setRole(room, user.id, 'admin');
      }
      return ack('Ownership transferred successfully');
    }),
    memberOp('members.add', ADMINS, (room, _u, id) => {
      if (memberIn(room, id)) throw bad('user_id', 'The user is already a member of this room.');
      if (applies('members.add')) room.members.push(state.member(id, 'member'));
      return ack('Member added successfully');
    }),
    memberOp('members.remove', ADMINS, (room, user, id) => {
      const m = memberIn(room, id);
      if (!m) throw bad('user_id', 'The user is not a member of this room.');
      if (m.role === 'owner' || (m.role === 'admin' && state.roleOf(room, user.id) !== 'owner')) throw new ServerError('FORBIDDEN_ROOM', { message: FORBIDDEN });
      if (applies('members.remove')) room.members = room.members.filter((x) => x.userId !== id);
      return ack('Member removed successfully');
    }),
    {
      op: 'messages.list',
      ...(rules.uzHistoryPath ? { path: rules.uzHistoryPath } : {}),
      async handler(rc) {
        const user = await caller(sc, rc);
        const room = roomOf(rc.params.id);
        await requireRole('messages.list', room, user, ALL);
        return { status: 200, body: historyPage(rc, room), schema: 'uzbekhub/message-page-response' };
      },
    },
    {
      op: 'messages.delete',
      async handler(rc) {
        const user = await caller(sc, rc);
        const id = rc.params.id ?? '';
        const message = UUID.test(id) ? state.findMessage(id.toLowerCase()) : undefined;
        if (!message) throw new ServerError('NOT_FOUND');
        const room = state.rooms.get(message.roomId)!;
        if (!read(sc, 'uz.owns', message.senderId === user.id, { op: 'messages.delete' })) {
          if (rules.uzForeign404 && !memberIn(room, user.id)) throw new ServerError('NOT_FOUND');
          await refuse(sc, 'uz-not-sender', new ServerError('FORBIDDEN_ROOM', { message: FORBIDDEN }));
        }
        if (applies('messages.delete')) state.deleteMessage(message);
        const frame = frameOut(sc, 'notify', { type: 'message_deleted', message_id: message.id, room: message.roomId }, { via: 'rest' });
        if (frame) await sc.bus.publish(message.roomId, frameText(frame, sc.selfCheck));
        return { status: 204 };
      },
    },
    {
      op: 'files.list',
      async handler(rc) {
        const user = await caller(sc, rc);
        const mine = [...state.files.values()].filter((f) => f.ownerId === user.id).map((f) => fileView(f, rc.origin));
        return { status: 200, body: mine, schema: 'uzbekhub/file-list-response' };
      },
    },
    {
      op: 'files.upload',
      async handler(rc) {
        return upload(rc, await caller(sc, rc));
      },
    },
    {
      op: 'files.delete',
      async handler(rc) {
        const user = await caller(sc, rc);
        const file = /^\d+$/.test(rc.params.id ?? '') ? state.files.get(Number(rc.params.id)) : undefined;
        if (!file) throw new ServerError('NOT_FOUND');
        if (!read(sc, 'uz.owns', file.ownerId === user.id, { op: 'files.delete' })) await refuse(sc, 'uz-not-file-owner', new ServerError('FORBIDDEN_ROOM', { message: FORBIDDEN }));
        if (applies('files.delete')) {
          state.files.delete(file.id);
          await sc.media.remove(file.path);
        }
        return { status: 204 };
      },
    },
    ...['GET', 'HEAD'].map((method) => ({
      method,
      pattern: new RegExp(`^${MEDIA_PREFIX.replace(/\//g, '\\/')}(?<path>.+)$`),
      undocumented: 'media downloads: the `file` URLs of uploaded chat files (004 §Chat API 17 shows http://example.com/media/chat_files/file.pdf)',
      async handler(rc: RequestContext) {
        await sc.media.serve(rc.params.path ?? '', rc.res, method === 'HEAD');
      },
    })),
  ];
}

function typeOf(mime: string): FileType {
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'voice';
  if (/^(application\/(pdf|msword|vnd\.|rtf)|text\/)/.test(mime)) return 'document';
  return 'other';
}

