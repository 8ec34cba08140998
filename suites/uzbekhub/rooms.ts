// 004 §Chat API 1-6: the room list, creation and its validation, detail for members only, PATCH by an
// admin or the owner, DELETE by the owner of a group or any member of a private room, clear_messages by
// the owner. Each role rule is tried by the roles that may (the effect is seen afterwards) and by every
// role that may not (403 {"detail"}, and nothing changed).
import type { Json } from '../../core/json.ts';
import { CheckBlocked, type Check } from '../../harness/check.ts';
import { expectJsonBody, expectSchema, expectStatus, expectTrue, short } from '../../harness/verify.ts';
import { readList } from './lists.ts';
import { curlLine, uniqueText } from '../support.ts';
import { body, documented, expectRefused, fixtureRoom, historyOf, idOf, openSocket, ownRoom, sentMessage, type Ctx, type Role, type UzState } from './support.ts';

/** The rooms `role` lists, over every page (D-uzbekhub-48: a plain array or the §Pagination envelope). */
const listed = async (ctx: Ctx, role: Role): Promise<Json[]> => (await readList(ctx, 'rooms.list', { role })).items ?? [];

/** The room's detail as `role` sees it (the name, or whether it still exists). */
async function detail(ctx: Ctx, id: string, role: Role = 'owner') {
  const res = await ctx.rest('rooms.get', { role, params: { id } });
  return { status: res.status, room: body(res) };
}

async function expectName(ctx: Ctx, id: string, name: string, what: string): Promise<void> {
  const { status, room } = await detail(ctx, id);
  expectTrue(ctx, status === 200 && room.name === name, { expected: [`the room's name is "${name}"`], observed: `HTTP ${status} name ${JSON.stringify(room.name)}`, pass: what, fail: `${what}: the name is ${JSON.stringify(room.name)}` });
}

async function expectExists(ctx: Ctx, id: string, exists: boolean, what: string, as: Role = 'owner'): Promise<void> {
  const { status } = await detail(ctx, id, as);
  expectTrue(ctx, exists ? status === 200 : status === 404, { expected: [exists ? 'the room still answers 200' : 'the room answers 404'], observed: `HTTP ${status}`, pass: what, fail: `${what}: GET answered ${status}` });
}

async function privateRoomOf(ctx: Ctx, other: Role = 'member'): Promise<string> {
  const res = await ctx.rest('rooms.create', { role: 'owner', json: { room_type: 'private', members: [idOf(ctx, other)] } });
  if (typeof body(res).id !== 'string') {
    throw new CheckBlocked({ kind: 'check', id: 'uzbekhub-rooms-04', reason: `POST /api/chat/rooms/ (a private room) answered ${res.status}` });
  }
  return String(body(res).id);
}

export const roomChecks: Check<UzState>[] = [
  {
    id: 'uzbekhub-rooms-01',
    level: 'MUST',
    doc: '004 §Chat API 1',
    title: 'The room list holds room objects, the fixture room among the owner\'s',
    requirement: 'GET /api/chat/rooms/ → 200 [{"id", "room_type", "name", "username", "description", "profile_pic", "members": [{id, username, full_name, profile_picture}], "created_at"}]; §Pagination: "List endpointlar pagination qo\'llab-quvvatlaydi" (a plain array or the page envelope: either reading, D-uzbekhub-48; the plain array is uzbekhub-plain-066\'s).',
    tags: ['rooms', 'rest', 'schema'],
    async run(ctx) {
      const room = fixtureRoom(ctx);
      ctx.addReproduction(curlLine('GET', '/api/chat/rooms/', 'owner'));
      // The documented form: a server naming `members` otherwise (endpoints.responseFields) fails here alone.
      const { res, items } = await readList(ctx, 'rooms.list', { role: 'owner', documented: true });
      expectStatus(ctx, res, [200], 'the owner\'s room list');
      expectTrue(ctx, items !== undefined, { expected: ['a JSON array', 'the §Pagination envelope'], observed: short(res.json ?? res.text), pass: 'a list', fail: 'the room list is neither a plain array nor the §Pagination envelope' });
      expectSchema(ctx, 'uzbekhub/room-list-response', items, 'the rooms listed');
      const ids = items!.map((r) => String(r.id));
      expectTrue(ctx, ids.includes(room), { expected: [`room ${room} listed`], observed: short(ids), pass: 'the fixture room is listed', fail: 'the owner\'s fixture room is not in the list' });
    },
  },
  {
    id: 'uzbekhub-rooms-02',
    level: 'MUST',
    doc: '004 §Chat API 2',
    title: 'Creating a group room answers 201 with the room, its name and members',
    requirement: 'POST /api/chat/rooms/ {"room_type": "group", "name", "username", "description", "members"} → 201 Created, "Same as List Chat Rooms item".',
    tags: ['rooms', 'rest', 'schema'],
    async run(ctx) {
      const name = uniqueText('Team');
      const members = [idOf(ctx, 'admin'), idOf(ctx, 'member')];
      const json = { room_type: 'group', name, username: name.replace(/-/g, '_'), description: 'Team discussion', members };
      ctx.addReproduction(curlLine('POST', '/api/chat/rooms/', 'owner', { json }));
      const res = await ctx.rest('rooms.create', { role: 'owner', json });
      expectStatus(ctx, res, [201], 'creating a group room');
      expectJsonBody(ctx, res, 'uzbekhub/room', 'the created room');
      const room = body(res);
      const got = (room.members as Json[]).map((m) => Number(m.id));
      expectTrue(ctx, room.room_type === 'group' && room.name === name && members.every((id) => got.includes(id)), {
        expected: [`room_type "group", name "${name}", members including ${members.join(', ')}`],
        observed: short(room),
        pass: 'the room is the one asked for',
        fail: 'the created room differs from the request (type, name or members)',
      });
    },
  },
  {
    id: 'uzbekhub-rooms-03',
    level: 'SHOULD',
    doc: '004 §Chat API 7',
    decision: 'D-uzbekhub-13',
    title: 'The creator of a group room is its owner',
    requirement: 'Decision D-uzbekhub-13 (004 does not say who owns a new room): the creator is always a member, with role `owner`, whether or not `members` names them.',
    tags: ['rooms', 'members', 'rest'],
    async run(ctx) {
      const room = await ownRoom(ctx, { withAdmin: false });
      const { res, items } = await readList(ctx, 'members.list', { role: 'owner', params: { id: room } });
      expectStatus(ctx, res, [200], 'list_members as the creator');
      const mine = (items ?? []).find((m) => Number((m.user as Json | undefined)?.id) === idOf(ctx, 'owner'));
      expectTrue(ctx, mine?.role === 'owner', { expected: ['the creator listed with role "owner"'], observed: short(mine ?? 'not listed'), pass: 'the creator owns the room', fail: `the creator is ${mine ? `listed as "${String(mine.role)}"` : 'not a member'}` });
    },
  },
  {
    id: 'uzbekhub-rooms-04',
    level: 'MUST',
    doc: '004 §Chat API 2',
    title: 'Creating a private room answers 201 with a room of no name and its two members',
    requirement: 'Request Body (Private Chat) {"room_type": "private", "members": [1, 2]} → 201; §1 shows a private room with "name": null, "username": null, "description": null, "profile_pic": null.',
    tags: ['rooms', 'rest', 'schema'],
    async run(ctx) {
      const json = { room_type: 'private', members: [idOf(ctx, 'owner'), idOf(ctx, 'member')] };
      ctx.addReproduction(curlLine('POST', '/api/chat/rooms/', 'owner', { json }));
      const res = await ctx.rest('rooms.create', { role: 'owner', json });
      expectStatus(ctx, res, [201], 'creating a private room');
      expectJsonBody(ctx, res, 'uzbekhub/room', 'the created room');
      const room = body(res);
      const ids = (room.members as Json[]).map((m) => Number(m.id)).sort();
      expectTrue(ctx, room.room_type === 'private' && room.name === null && room.username === null && ids.join() === [idOf(ctx, 'owner'), idOf(ctx, 'member')].sort().join(), {
        expected: ['room_type "private", name and username null, members the owner and the member'],
        observed: short(room),
        pass: 'a private room of the two, with no group fields',
        fail: 'the private room has group fields or other members',
      });
    },
  },
  {
    id: 'uzbekhub-rooms-05',
    level: 'MUST',
    doc: '004 §Chat API 2',
    title: 'A private room with a name, or a group room without one, is refused with 400 and not created',
    requirement: '"Validation: Private chat: name, username, description, profile_pic bo\'sh bo\'lishi kerak (must be empty); Group chat: name majburiy (required)"; §Error Responses: 400 Bad Request.',
    tags: ['rooms', 'rest', 'validation'],
    async run(ctx) {
      const tag = uniqueText('invalid');
      const bad = [
        { what: 'a private room with a name', json: { room_type: 'private', name: tag, members: [idOf(ctx, 'member')] } },
        { what: 'a group room without a name', json: { room_type: 'group', username: tag.replace(/-/g, '_'), description: tag, members: [idOf(ctx, 'member')] } },
      ];
      for (const b of bad) {
        ctx.addReproduction(curlLine('POST', '/api/chat/rooms/', 'owner', { json: b.json }));
        expectStatus(ctx, await ctx.rest('rooms.create', { role: 'owner', json: b.json }), [400], b.what);
      }
      const made = (await listed(ctx, 'owner')).filter((r) => r.name === tag || r.description === tag);
      expectTrue(ctx, made.length === 0, { expected: ['no room created by either request'], observed: made.length ? short(made[0]) : 'none listed', pass: 'neither invalid room was created', fail: 'an invalid room was created all the same' });
    },
  },
  {
    id: 'uzbekhub-rooms-06',
    level: 'SHOULD',
    doc: '004 §Error Responses',
    decision: 'D-uzbekhub-03',
    title: 'A refused room is answered in the 400 shape {"error", "details": {field: [messages]}}',
    requirement: 'Decision D-uzbekhub-03 (DRF\'s own 400 is {field: [messages]}): the 400 body is §Error Responses\' {"error": "Invalid request data", "details": {"field_name": ["Error message"]}}.',
    tags: ['rooms', 'rest', 'errors', 'schema'],
    async run(ctx) {
      const json = { room_type: 'group', members: [idOf(ctx, 'member')] };
      const res = await ctx.rest('rooms.create', { role: 'owner', json });
      expectStatus(ctx, res, [400], 'a group room without a name');
      expectJsonBody(ctx, res, 'uzbekhub/error-bad-request', 'the 400 body');
    },
  },
  {
    id: 'uzbekhub-rooms-07',
    level: 'MUST',
    doc: '004 §Chat API 3',
    title: 'A room\'s detail is answered to its members only',
    requirement: 'GET /api/chat/rooms/<id>/ "Authentication: ✅ Required (Member only)" → 200 "Same as List Chat Rooms item"; §Error Responses 403 {"detail"} for the others.',
    tags: ['rooms', 'rest', 'access', 'roles'],
    async run(ctx) {
      const id = fixtureRoom(ctx);
      for (const role of ['owner', 'admin', 'member'] as const) {
        const res = await ctx.rest('rooms.get', { role, params: { id } });
        expectStatus(ctx, res, [200], `the room's detail as the ${role}`);
        expectJsonBody(ctx, res, 'uzbekhub/room', `the room as the ${role} sees it`);
      }
      ctx.addReproduction(curlLine('GET', `/api/chat/rooms/${id}/`, 'outsider'));
      const res = await ctx.rest('rooms.get', { role: 'outsider', params: { id } });
      expectRefused(ctx, res, 'outsider', 'the room\'s detail');
    },
  },
  {
    id: 'uzbekhub-rooms-08',
    level: 'MUST',
    doc: '004 §Chat API 4',
    title: 'PATCH of a room: the owner and an admin may, a member and an outsider may not',
    requirement: 'PATCH /api/chat/rooms/<id>/ {"name", "description"} "Authentication: ✅ Required (Admin/Owner only)" → 200 "Same as List Chat Rooms item"; §Error Responses 403 {"detail"}.',
    tags: ['rooms', 'rest', 'roles'],
    async run(ctx) {
      const id = await ownRoom(ctx);
      for (const role of ['owner', 'admin'] as const) {
        const name = uniqueText(`by-${role}`);
        const res = await ctx.rest('rooms.update', { role, params: { id }, json: { name, description: 'Updated description' } });
        expectStatus(ctx, res, [200], `PATCH as the ${role}`);
        expectJsonBody(ctx, res, 'uzbekhub/room', `the room PATCH answers the ${role}`);
        await expectName(ctx, id, name, `the ${role}'s new name is the room's`);
      }
      const { room } = await detail(ctx, id);
      for (const role of ['member', 'outsider'] as const) {
        ctx.addReproduction(curlLine('PATCH', `/api/chat/rooms/${id}/`, role, { json: { name: 'x' } }));
        expectRefused(ctx, await ctx.rest('rooms.update', { role, params: { id }, json: { name: uniqueText(`by-${role}`) } }), role, 'PATCH of the room');
        await expectName(ctx, id, String(room.name), `the ${role}'s PATCH changed nothing`);
      }
    },
  },
  {
    id: 'uzbekhub-rooms-09',
    level: 'MUST',
    doc: '004 §Chat API 5',
    title: 'DELETE of a group room: the owner only',
    requirement: 'DELETE /api/chat/rooms/<id>/ "Authentication: ✅ Required (Owner only for group, any member for private)" → 204 No Content; §Error Responses 403 {"detail"}.',
    tags: ['rooms', 'rest', 'roles'],
    async run(ctx) {
      const id = await ownRoom(ctx);
      for (const role of ['admin', 'member', 'outsider'] as const) {
        ctx.addReproduction(curlLine('DELETE', `/api/chat/rooms/${id}/`, role));
        expectRefused(ctx, await ctx.rest('rooms.delete', { role, params: { id } }), role, 'DELETE of the group room');
        await expectExists(ctx, id, true, `the room survives the ${role}'s DELETE`);
      }
      expectStatus(ctx, await ctx.rest('rooms.delete', { role: 'owner', params: { id } }), [204], 'DELETE of the group room as its owner');
      await expectExists(ctx, id, false, 'the owner\'s DELETE removed the room');
    },
  },
  {
    id: 'uzbekhub-rooms-10',
    level: 'MUST',
    doc: '004 §Chat API 5',
    title: 'DELETE of a private room: any of its members, not an outsider',
    requirement: '"Authentication: ✅ Required (Owner only for group, any member for private)" → 204 No Content.',
    tags: ['rooms', 'rest', 'roles'],
    async run(ctx) {
      const id = await privateRoomOf(ctx);
      ctx.addReproduction(curlLine('DELETE', `/api/chat/rooms/${id}/`, 'outsider'));
      expectRefused(ctx, await ctx.rest('rooms.delete', { role: 'outsider', params: { id } }), 'outsider', 'DELETE of the private room');
      await expectExists(ctx, id, true, 'the private room survives the outsider\'s DELETE');
      ctx.addReproduction(curlLine('DELETE', `/api/chat/rooms/${id}/`, 'member'));
      expectStatus(ctx, await ctx.rest('rooms.delete', { role: 'member', params: { id } }), [204], 'DELETE of the private room by its other member');
      await expectExists(ctx, id, false, 'the member\'s DELETE removed the private room');
    },
  },
  {
    id: 'uzbekhub-rooms-11',
    level: 'MUST',
    doc: '004 §Chat API 6',
    title: 'clear_messages: the owner clears the history; an admin or a member may not',
    requirement: 'POST /api/chat/rooms/<pk>/clear_messages/ "Authentication: ✅ Required (Owner only)" → 200 {"message": "All messages cleared successfully"}.',
    tags: ['rooms', 'rest', 'roles', 'history'],
    async run(ctx) {
      const id = await ownRoom(ctx);
      const owner = await openSocket(ctx, id, 'owner');
      await sentMessage(ctx, owner, id, uniqueText('to-clear'));
      for (const role of ['admin', 'member', 'outsider'] as const) {
        ctx.addReproduction(curlLine('POST', `/api/chat/rooms/${id}/clear_messages/`, role));
        expectRefused(ctx, await ctx.rest('rooms.clearMessages', { role, params: { id } }), role, 'clear_messages');
        const left = await historyOf(ctx, id);
        expectTrue(ctx, left.length === 1, { expected: ['the message is still in history'], observed: `${left.length} messages`, pass: `the ${role}'s clear_messages changed nothing`, fail: `the ${role}'s clear_messages removed messages` });
      }
      const res = await ctx.rest('rooms.clearMessages', { role: 'owner', params: { id } });
      expectStatus(ctx, res, [200], 'clear_messages as the owner');
      expectJsonBody(ctx, res, 'uzbekhub/ack-response', 'the clear_messages answer');
      const left = await historyOf(ctx, id);
      expectTrue(ctx, left.length === 0, { expected: ['no message left in history'], observed: `${left.length} messages`, pass: 'the owner cleared the history', fail: 'messages remain after the owner\'s clear_messages' });
    },
  },
  {
    id: 'uzbekhub-rooms-12',
    level: 'MUST',
    doc: '004 §Chat API 6',
    title: 'clear_messages is POST /api/chat/rooms/<pk>/clear_messages/, answered {"message"}',
    requirement: '**POST** `/api/chat/rooms/<pk>/clear_messages/` → 200 {"message": "All messages cleared successfully"} (the documented method and path, whatever the target file\'s endpoints say).',
    tags: ['rooms', 'rest'],
    async run(ctx) {
      const id = await ownRoom(ctx, { withAdmin: false });
      ctx.addReproduction(curlLine('POST', `/api/chat/rooms/${id}/clear_messages/`, 'owner'));
      const res = await documented(ctx, 'rooms.clearMessages', { role: 'owner', params: { id } });
      expectStatus(ctx, res, [200], 'POST clear_messages as the owner');
      expectJsonBody(ctx, res, 'uzbekhub/ack-response', 'the clear_messages answer');
    },
  },
];
