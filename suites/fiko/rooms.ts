// 003 §2) Get Room IDs (Owner App): the owner polls GET /api/chat/rooms/ for the rooms visitors started.
// D-carinfopro-04 (plain array, own rooms, order), D-carinfopro-16 (listed at once).
import type { Json } from '../../core/json.ts';
import type { Check } from '../../harness/check.ts';
import { expectJsonBody, expectStatus, expectTrue, fail, short } from '../../harness/verify.ts';
import { curlLine } from '../support.ts';
import { fixtureRoom, freshRoom, openVisitor, type CarinfoproState, type Ctx } from './support.ts';

const ROOMS = '/api/chat/rooms/';

async function listRooms(ctx: Ctx, role = 'owner'): Promise<Json[]> {
  const res = await ctx.rest('rooms.list', { role });
  expectStatus(ctx, res, [200], `GET ${ROOMS} as ${role}`);
  if (!Array.isArray(res.json)) {
    fail({ expected: ['a JSON array of rooms'], observed: short(res.text, 200), reason: `the ${role}'s room list is not a plain array` });
  }
  return res.json as Json[];
}

export const roomChecks: Check<CarinfoproState>[] = [
  {
    id: 'fiko-rooms-01',
    level: 'MUST',
    doc: '003 §2) Get Room IDs',
    title: 'The owner\'s room list is a plain array of rooms holding the owner\'s room',
    requirement: 'GET /api/chat/rooms/ with "Authorization: Bearer <JWT_ACCESS>" answers [{id, owner_id, visitor_name, is_active, created_at, updated_at}].',
    tags: ['rooms', 'rest', 'schema'],
    async run(ctx) {
      const room = fixtureRoom(ctx);
      ctx.addReproduction(curlLine('GET', ROOMS, 'owner'));
      const res = await ctx.rest('rooms.list', { role: 'owner' });
      expectStatus(ctx, res, [200], `GET ${ROOMS} as the owner`);
      expectJsonBody(ctx, res, 'carinfopro/room-list-response', 'the room list');
      const ids = (res.json as Json[]).map((r) => String(r.id));
      expectTrue(ctx, ids.includes(room), {
        expected: [`room ${room} in the owner's list`],
        observed: `ids: ${ids.slice(0, 20).join(', ')}`,
        pass: 'the owner sees the fixture room',
        fail: 'the fixture room is missing from its owner\'s list',
      });
    },
  },
  {
    id: 'fiko-rooms-02',
    level: 'MUST',
    doc: '003 §2) Get Room IDs',
    title: 'A room a visitor just started appears in the owner\'s list',
    requirement: '"Used by the app to get new room IDs. The owner does not press Start. The visitor creates a room on the site." (D-carinfopro-16: listed immediately after the 201).',
    tags: ['rooms', 'rest'],
    async run(ctx) {
      const room = await freshRoom(ctx);
      const ids = (await listRooms(ctx)).map((r) => String(r.id));
      expectTrue(ctx, ids.includes(room.roomId), {
        expected: [`the new room ${room.roomId} in the owner's list`],
        observed: `${ids.length} room(s): ${ids.slice(0, 10).join(', ')}`,
        pass: 'the new room is listed',
        fail: 'the room the visitor just started is not listed',
      });
    },
  },
  {
    id: 'fiko-rooms-03',
    level: 'MUST',
    doc: '003 §REST Endpoints',
    title: 'The room list needs the owner\'s JWT',
    requirement: 'GET /api/chat/rooms/ — Auth: "Owner (JWT)"; without it the request is refused (D-carinfopro-04: 401 {"detail"}).',
    tags: ['rooms', 'rest', 'auth', 'security'],
    async run(ctx) {
      ctx.addReproduction(curlLine('GET', ROOMS));
      const res = await ctx.rest('rooms.list', {});
      expectStatus(ctx, res, [401, 403], `GET ${ROOMS} without Authorization`);
    },
  },
  {
    id: 'fiko-rooms-04',
    level: 'SHOULD',
    doc: '003 §1) Start Chat',
    decision: 'D-carinfopro-03',
    title: 'The room lists the visitor_name the visitor gave',
    requirement: 'Decision D-carinfopro-03 (the document is silent): "visitor_name": "Optional" at start, and the owner\'s room shows "visitor_name" (defaults to "").',
    tags: ['rooms', 'rest'],
    async run(ctx) {
      const name = `Mehmon ${ctx.check.id}`;
      const room = await freshRoom(ctx, name);
      const item = (await listRooms(ctx)).find((r) => String(r.id) === room.roomId);
      expectTrue(ctx, item?.visitor_name === name, {
        expected: [`visitor_name "${name}"`],
        observed: item ? short(item) : 'room not listed',
        pass: 'the visitor\'s name is shown',
        fail: `visitor_name is ${JSON.stringify(item?.visitor_name)}`,
      });
    },
  },
  {
    id: 'fiko-rooms-05',
    level: 'SHOULD',
    doc: '003 §2) Get Room IDs',
    decision: 'D-carinfopro-04',
    title: 'Rooms are ordered by latest activity, newest first',
    requirement: 'Decision D-carinfopro-04 (the document is silent): Ordered by updated_at descending then created_at descending; a room\'s updated_at becomes the created_at of its latest message.',
    tags: ['rooms', 'rest', 'ordering'],
    async run(ctx) {
      const a = await freshRoom(ctx, 'older room');
      await new Promise((r) => setTimeout(r, 15));
      const b = await freshRoom(ctx, 'newer room');
      const order = (list: Json[]) => list.map((r) => String(r.id)).filter((id) => id === a.roomId || id === b.roomId);
      const before = order(await listRooms(ctx));
      expectTrue(ctx, before.join() === [b.roomId, a.roomId].join(), {
        expected: ['the newer room before the older one'],
        observed: `order: ${before.map((id) => (id === a.roomId ? 'older' : 'newer')).join(', ') || 'neither listed'}`,
        pass: 'newest room first',
        fail: 'the rooms are not newest first',
      });
      const visitor = await openVisitor(ctx, a);
      visitor.send({ message: 'moving the older room up' });
      await visitor.nextFrame(() => true, ctx.timeoutMs);
      const after = order(await listRooms(ctx));
      expectTrue(ctx, after.join() === [a.roomId, b.roomId].join(), {
        expected: ['after a message in the older room, it comes first'],
        observed: `order: ${after.map((id) => (id === a.roomId ? 'older (with message)' : 'newer')).join(', ')}`,
        pass: 'the room with the latest activity comes first',
        fail: 'a new message did not move its room up',
      });
    },
  },
];
