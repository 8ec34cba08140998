// Scoping (003 §Auth, §REST Endpoints, §WebSocket, §Notes): a visitor token opens its own room only, an
// owner sees and joins only their own rooms, and nothing is served without a credential.
import type { Json } from '../../core/json.ts';
import { randomUUID } from 'node:crypto';
import { invented } from '../../core/redact.ts';
import type { Check } from '../../harness/check.ts';
import { expectDenied, expectNoFrame, expectStatus, expectTrue, short } from '../../harness/verify.ts';
import { chatPath, curlLine, uniqueText, wscatLine } from '../support.ts';
import { fixtureRoom, freshRoom, history, isMessage, openOwner, openVisitor, ownerSocket, textOf, visitorSocket, type CarinfoproState } from './support.ts';

/** How long to wait for a frame that must not come: long enough for a loopback broadcast. */

export const accessChecks: Check<CarinfoproState>[] = [
  {
    id: 'carinfopro-access-01',
    level: 'MUST',
    doc: '003 §Notes',
    title: 'A visitor token does not open another room\'s socket',
    requirement: '"visitor_token is sensitive. Treat it like a session token": it is the credential of one room (returned by /api/chat/start/ for that room), not of the owner\'s other rooms.',
    tags: ['access', 'websocket', 'security', 'visitor'],
    async run(ctx) {
      const [mine, other] = await Promise.all([freshRoom(ctx, 'visitor A'), freshRoom(ctx, 'visitor B')]);
      ctx.addReproduction(wscatLine(ctx, chatPath(ctx, other.roomId), 'visitor', { cred: 'visitor' }));
      const probe = await visitorSocket(ctx, other.roomId, mine.visitorToken, 'visitor A');
      await expectDenied(ctx, probe, 'visitor A\'s token on room B\'s socket');
    },
  },
  {
    id: 'carinfopro-access-02',
    level: 'MUST',
    doc: '003 §3) Get Message History',
    title: 'A visitor token does not read another room\'s history',
    requirement: 'History takes "Owner (JWT) or Visitor token" — the visitor token of that room; another room\'s token is refused (D-carinfopro-05: 404, or 403).',
    tags: ['access', 'rest', 'security', 'visitor'],
    async run(ctx) {
      const [mine, other] = await Promise.all([freshRoom(ctx, 'visitor A'), freshRoom(ctx, 'visitor B')]);
      const res = await history(ctx, other.roomId, { visitor: mine.visitorToken });
      expectStatus(ctx, res, [403, 404], 'visitor A reading room B\'s history');
    },
  },
  {
    id: 'carinfopro-access-03',
    level: 'MUST',
    doc: '003 §2) Get Room IDs',
    title: 'An owner sees only their own rooms',
    requirement: '"List rooms for the owner": another owner\'s list holds none of this owner\'s rooms (D-carinfopro-04: the caller\'s rooms only).',
    tags: ['access', 'rest', 'security'],
    async run(ctx) {
      const room = fixtureRoom(ctx);
      ctx.addReproduction(curlLine('GET', '/api/chat/rooms/', 'other_owner'));
      const res = await ctx.rest('rooms.list', { role: 'other_owner' });
      expectStatus(ctx, res, [200], 'GET /api/chat/rooms/ as the other owner');
      const list: Json[] = Array.isArray(res.json) ? res.json : ((res.json as Json)?.results ?? []);
      const ids = list.map((r) => String(r?.id));
      expectTrue(ctx, !ids.includes(room), {
        expected: [`room ${room} (the owner's) absent from the other owner's list`],
        observed: `ids listed: ${ids.slice(0, 20).join(', ') || 'none'}`,
        pass: 'the other owner sees only their own rooms',
        fail: `the other owner's list contains the owner's room ${room}`,
      });
    },
  },
  {
    id: 'carinfopro-access-04',
    level: 'MUST',
    doc: '003 §3) Get Message History',
    title: 'Another owner\'s JWT does not read the room\'s history',
    requirement: 'History is for the room\'s "Owner (JWT)"; an owner of other rooms is refused (D-carinfopro-05: 404, or 403) and sees no message.',
    tags: ['access', 'rest', 'security'],
    async run(ctx) {
      const room = fixtureRoom(ctx);
      ctx.addReproduction(curlLine('GET', `/api/chat/rooms/${room}/messages/`, 'other_owner'));
      const res = await history(ctx, room, { role: 'other_owner' });
      expectStatus(ctx, res, [403, 404], 'the other owner reading the owner\'s history');
      const leaked = Array.isArray(res.json) && res.json.length > 0;
      expectTrue(ctx, !leaked, { expected: ['no messages in the body'], observed: short(res.text, 200), pass: 'no message leaked to the other owner', fail: 'the other owner got the room\'s messages' });
    },
  },
  {
    id: 'carinfopro-access-05',
    level: 'MUST',
    doc: '003 §WebSocket',
    title: 'Another owner\'s JWT does not open the room\'s socket',
    requirement: 'Owner connection `?token=<JWT_ACCESS>` is for the room\'s owner; another owner is refused before any frame but an error frame (which close code is D-carinfopro-07\'s, judged by carinfopro-close-04).',
    tags: ['access', 'websocket', 'security'],
    async run(ctx) {
      const room = fixtureRoom(ctx);
      ctx.addReproduction(wscatLine(ctx, chatPath(ctx, room), 'owner'));
      const probe = await ownerSocket(ctx, room, 'other_owner');
      await expectDenied(ctx, probe, 'the other owner on the owner\'s room socket');
    },
  },
  {
    id: 'carinfopro-access-06',
    level: 'MUST',
    doc: '003 §WebSocket',
    title: 'A message reaches only the sockets of its own room',
    requirement: 'The socket is per room, `/ws/chat/<room_id>/`: a message sent in one room is not delivered to another room of the same owner.',
    tags: ['access', 'websocket', 'security'],
    timing: 'alone',
    async run(ctx) {
      const [a, b] = await Promise.all([freshRoom(ctx, 'room A'), freshRoom(ctx, 'room B')]);
      const [visitorA, ownerA, visitorB, ownerB] = await Promise.all([openVisitor(ctx, a, 'visitor A'), openOwner(ctx, a.roomId, 'owner in A'), openVisitor(ctx, b, 'visitor B'), openOwner(ctx, b.roomId, 'owner in B')]);
      const text = uniqueText('room-a-only');
      visitorA.send({ message: text });
      const inA = (f: Parameters<typeof isMessage>[0]) => isMessage(f) && textOf(f.json as Json) === text;
      // Delivered in room A first (to the other side: the sender's own echo is only a decision), then a quiet window in B.
      await ownerA.nextFrame(inA, ctx.timeoutMs);
      await expectNoFrame(ctx, visitorB, inA, ctx.quietMs, 'room A\'s message is not delivered to room B\'s visitor');
      await expectNoFrame(ctx, ownerB, inA, 50, 'room A\'s message is not delivered on room B\'s owner socket');
    },
  },
  {
    id: 'carinfopro-access-07',
    level: 'MUST',
    doc: '003 §REST Endpoints',
    title: 'History without any credential is refused',
    requirement: 'History takes "Owner (JWT) or Visitor token"; with neither the request is refused (D-carinfopro-05: 401 {"detail"}).',
    tags: ['access', 'rest', 'auth', 'security'],
    async run(ctx) {
      const room = fixtureRoom(ctx);
      ctx.addReproduction(curlLine('GET', `/api/chat/rooms/${room}/messages/`));
      const res = await ctx.rest('messages.list', { params: { id: room } });
      expectStatus(ctx, res, [401, 403], 'history without a credential');
    },
  },
  {
    id: 'carinfopro-access-08',
    level: 'MUST',
    doc: '003 §WebSocket',
    title: 'A socket without any credential is refused',
    requirement: 'A connection is either "Visitor connection ?visitor=<visitor_token>" or "Owner connection ?token=<JWT_ACCESS>"; with neither it is refused (D-carinfopro-07).',
    tags: ['access', 'websocket', 'auth', 'security'],
    async run(ctx) {
      const room = fixtureRoom(ctx);
      ctx.addReproduction(wscatLine(ctx, chatPath(ctx, room), null));
      const probe = await ctx.ws(chatPath(ctx, room), { token: null, label: 'anonymous' });
      await expectDenied(ctx, probe, 'a socket with no credential');
    },
  },
  {
    id: 'carinfopro-access-09',
    level: 'MUST',
    doc: '003 §Auth',
    title: 'A made-up visitor token does not open a socket',
    requirement: '"Visitor uses `visitor_token` returned by /api/chat/start/": a token no start returned is refused (D-carinfopro-07).',
    tags: ['access', 'websocket', 'auth', 'security', 'visitor'],
    async run(ctx) {
      const room = fixtureRoom(ctx);
      const probe = await visitorSocket(ctx, room, invented(randomUUID()), 'guesser');
      await expectDenied(ctx, probe, 'a random UUID as visitor token');
    },
  },
  {
    id: 'carinfopro-access-10',
    level: 'MUST',
    doc: '003 §REST Endpoints',
    title: 'A visitor token does not list the owner\'s rooms',
    requirement: 'GET /api/chat/rooms/ — Auth: "Owner (JWT)" only; a visitor token, as ?visitor= or as a Bearer token, is refused (D-carinfopro-04: 401).',
    tags: ['access', 'rest', 'auth', 'security', 'visitor'],
    async run(ctx) {
      const token = (await freshRoom(ctx)).visitorToken;
      const asQuery = await ctx.rest('rooms.list', { query: { visitor: token } });
      expectStatus(ctx, asQuery, [401, 403], 'GET /api/chat/rooms/?visitor=<visitor_token>');
      const asBearer = await ctx.rest('rooms.list', { token });
      expectStatus(ctx, asBearer, [401, 403], 'GET /api/chat/rooms/ with "Authorization: Bearer <visitor_token>"');
    },
  },
];
