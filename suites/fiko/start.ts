// 003 §1) Start Chat (Visitor): a public endpoint that creates a room and returns its id, the visitor's
// token and the socket path; D-carinfopro-03 for status, validation and defaults.
import type { Json } from '../../core/json.ts';
import { invented } from '../../core/redact.ts';
import type { Check } from '../../harness/check.ts';
import { expectJsonBody, expectStatus, expectTrue, short } from '../../harness/verify.ts';
import { curlLine } from '../support.ts';
import { freshRoom, ownerId, start, type CarinfoproState } from './support.ts';

const START = '/api/chat/start/';

export const startChecks: Check<CarinfoproState>[] = [
  {
    id: 'fiko-start-01',
    level: 'MUST',
    doc: '003 §1) Start Chat',
    title: 'Start Chat is public and returns room_id, visitor_token and ws_path',
    requirement: 'POST /api/chat/start/ — Auth: Public — with {"user_id": "<OWNER_UUID>"} "Create a room for a visitor. Returns `room_id` and `visitor_token`", plus "ws_path".',
    tags: ['start', 'rest', 'schema'],
    async run(ctx) {
      ctx.addReproduction(curlLine('POST', START, undefined, { json: { user_id: ownerId(ctx) } }));
      const res = await start(ctx, { user_id: ownerId(ctx), visitor_name: 'chatconform' });
      expectStatus(ctx, res, [200, 201], 'POST /api/chat/start/ without any credential');
      expectJsonBody(ctx, res, 'carinfopro/chat-start-response', 'the start response');
    },
  },
  {
    id: 'fiko-start-02',
    level: 'MUST',
    doc: '003 §1) Start Chat',
    title: 'ws_path is the socket path of the room just created',
    requirement: 'The response shows "ws_path": "/ws/chat/<room_id>/" — the path of the returned room.',
    tags: ['start', 'rest', 'websocket'],
    async run(ctx) {
      const room = await freshRoom(ctx);
      const wanted = `/ws/chat/${room.roomId}/`;
      expectTrue(ctx, room.wsPath === wanted, {
        expected: [`ws_path "${wanted}"`],
        observed: `ws_path ${JSON.stringify(room.body.ws_path)}`,
        pass: 'ws_path names the new room',
        fail: `ws_path ${JSON.stringify(room.body.ws_path)} does not name room ${room.roomId}`,
      });
    },
  },
  {
    id: 'fiko-start-03',
    level: 'MUST',
    doc: '003 §1) Start Chat',
    title: 'Every start creates a new room with a token of its own',
    requirement: '"Create a room for a visitor": two visitors of the same owner get two rooms, and neither gets the other\'s visitor_token (D-carinfopro-02: one token per room).',
    tags: ['start', 'rest', 'security'],
    async run(ctx) {
      const a = await freshRoom(ctx, 'first visitor');
      const b = await freshRoom(ctx, 'second visitor');
      const distinct = a.roomId !== b.roomId && a.visitorToken !== b.visitorToken;
      expectTrue(ctx, distinct, {
        expected: ['two different room_id values and two different visitor_token values'],
        observed: `room_id ${a.roomId === b.roomId ? 'equal' : 'different'}, visitor_token ${a.visitorToken === b.visitorToken ? 'equal' : 'different'}`,
        pass: 'each start made a room and a token of its own',
        fail: a.roomId === b.roomId ? 'both starts returned the same room' : 'two rooms share one visitor_token',
      });
    },
  },
  {
    id: 'fiko-start-04',
    level: 'MUST',
    doc: '003 §1) Start Chat',
    title: 'A start without user_id creates no room',
    requirement: 'The request names the owner: {"user_id": "<OWNER_UUID>"}; only "visitor_name" is "Optional". Without user_id no room can belong to an owner; the document gives no status, so any 4xx is accepted (the reference server answers 400, D-carinfopro-03).',
    tags: ['start', 'rest', 'validation'],
    async run(ctx) {
      ctx.addReproduction(curlLine('POST', START, undefined, { json: { visitor_name: 'no owner' } }));
      const res = await start(ctx, { visitor_name: 'no owner' });
      expectStatus(ctx, res, [400, 404, 422], 'POST /api/chat/start/ without user_id');
      const body = res.json as Json | undefined;
      expectTrue(ctx, typeof body?.room_id !== 'string', { expected: ['no room_id in the body'], observed: short(res.text), pass: 'no room was created', fail: 'a room was created without user_id' });
    },
  },
  {
    id: 'fiko-start-05',
    level: 'SHOULD',
    doc: '003 §1) Start Chat',
    decision: 'D-carinfopro-03',
    title: 'A user_id that is not an owner is refused with 400 {"user_id": […]}',
    requirement: 'Decision D-carinfopro-03 (the document is silent): `user_id` not a UUID, or no such owner → 400 {"user_id": ["…"]}; for no such owner a 404 is another reading and accepted.',
    tags: ['start', 'rest', 'validation', 'errors'],
    async run(ctx) {
      for (const [what, userId, statuses] of [['no such owner', '00000000-0000-4000-8000-000000000000', [400, 404]], ['not a UUID', 'abc', [400]]] as const) {
        const res = await start(ctx, { user_id: userId });
        expectStatus(ctx, res, [...statuses], `POST /api/chat/start/ with a user_id that is ${what}`);
        const room = (res.json as Json | undefined)?.room_id;
        expectTrue(ctx, typeof room !== 'string', { expected: ['no room_id in the body'], observed: short(res.text), pass: 'no room was created', fail: `a room was created for a user_id that is ${what}` });
        if (res.status === 404) continue;
        expectJsonBody(ctx, res, 'carinfopro/error-validation', 'the 400 body');
        const fields = Object.keys((res.json as Json) ?? {});
        expectTrue(ctx, fields.includes('user_id'), { expected: ['{"user_id": ["…"]}'], observed: short(res.json), pass: 'the error names user_id', fail: `the error names ${fields.join(', ') || 'no field'}` });
      }
    },
  },
  {
    id: 'fiko-start-06',
    level: 'MUST',
    doc: '003 §1) Start Chat',
    title: 'visitor_name is optional',
    requirement: '"visitor_name": "Optional" — a start with user_id alone creates the room.',
    tags: ['start', 'rest'],
    async run(ctx) {
      const res = await start(ctx, { user_id: ownerId(ctx) });
      expectStatus(ctx, res, [200, 201], 'POST /api/chat/start/ with user_id only');
      expectJsonBody(ctx, res, 'carinfopro/chat-start-response', 'the start response');
    },
  },
  {
    id: 'fiko-start-07',
    level: 'SHOULD',
    doc: '003 §1) Start Chat',
    decision: 'D-carinfopro-03',
    title: 'Start Chat answers 201 Created',
    requirement: 'Decision D-carinfopro-03 (the document is silent): Every call creates a new room: 201 {"room_id", "visitor_token", "ws_path"}.',
    tags: ['start', 'rest'],
    async run(ctx) {
      const res = await start(ctx, { user_id: ownerId(ctx) });
      expectStatus(ctx, res, [201], 'POST /api/chat/start/');
    },
  },
  {
    id: 'fiko-start-08',
    level: 'SHOULD',
    doc: '003 §1) Start Chat',
    decision: 'D-carinfopro-03',
    title: 'Start Chat ignores an Authorization header',
    requirement: 'Decision D-carinfopro-03 (the document is silent): Public: no credential needed, any `Authorization` header is ignored — a visitor\'s browser may carry a stale one.',
    tags: ['start', 'rest', 'auth'],
    async run(ctx) {
      ctx.addReproduction(curlLine('POST', START, undefined, { json: { user_id: ownerId(ctx) }, headers: { authorization: `Bearer ${invented('not-a-valid-jwt')}` } }));
      const res = await start(ctx, { user_id: ownerId(ctx) }, { authorization: 'Bearer not-a-valid-jwt' });
      expectStatus(ctx, res, [200, 201], 'POST /api/chat/start/ with "Authorization: Bearer not-a-valid-jwt"');
    },
  },
];
