// Close codes of the socket (D-carinfopro-07; the document gives none, so the codes are SHOULD while the
// refusal itself is MUST in access.ts): accept, then close with 4000, 4001 or 4003 before any frame.
import { randomUUID } from 'node:crypto';
import { invented } from '../../core/redact.ts';
import type { Check } from '../../harness/check.ts';
import type { CheckContext } from '../../harness/context.ts';
import { expectClose } from '../../harness/verify.ts';
import type { WsProbe } from '../../client/ws.ts';
import { chatPath, fixtureRoom, freshRoom, ownerSocket, visitorSocket, wscatLine } from './support.ts';

async function closes(ctx: CheckContext, probe: Promise<WsProbe>, code: number, what: string): Promise<void> {
  await expectClose(ctx, await probe, [code], what);
}

export const closeChecks: Check[] = [
  {
    id: 'carinfopro-close-01',
    level: 'SHOULD',
    doc: '003 §WebSocket',
    decision: 'D-carinfopro-07',
    title: 'A socket without a credential closes with 4001',
    requirement: 'Decision D-carinfopro-07 (the document is silent): The upgrade is accepted and then closed before any frame: 4001 (Unauthorized) when there is no credential.',
    tags: ['close-code', 'websocket', 'auth'],
    async run(ctx) {
      const path = chatPath(ctx, fixtureRoom(ctx));
      ctx.addReproduction(wscatLine(ctx, path, 'none'));
      await closes(ctx, ctx.ws(path, { token: null, label: 'anonymous' }), 4001, 'a socket with no credential');
    },
  },
  {
    id: 'carinfopro-close-02',
    level: 'SHOULD',
    doc: '003 §WebSocket',
    decision: 'D-carinfopro-07',
    title: 'A socket with an invalid JWT closes with 4001',
    requirement: 'Decision D-carinfopro-07 (the document is silent): 4001 (Unauthorized) when the JWT is invalid, expired or a refresh token.',
    tags: ['close-code', 'websocket', 'auth'],
    run: (ctx) => closes(ctx, ctx.ws(chatPath(ctx, fixtureRoom(ctx)), { token: invented('not-a-jwt'), label: 'owner' }), 4001, 'a socket with ?token=not-a-jwt'),
  },
  {
    id: 'carinfopro-close-03',
    level: 'SHOULD',
    doc: '003 §WebSocket',
    decision: 'D-carinfopro-07',
    title: 'A visitor token of no room closes with 4001',
    requirement: 'Decision D-carinfopro-07 (the document is silent): 4001 (Unauthorized) when the visitor token belongs to no room.',
    tags: ['close-code', 'websocket', 'auth', 'visitor'],
    run: (ctx) => closes(ctx, visitorSocket(ctx, fixtureRoom(ctx), invented(randomUUID()), 'guesser'), 4001, 'a random UUID as visitor token'),
  },
  {
    id: 'carinfopro-close-04',
    level: 'SHOULD',
    doc: '003 §WebSocket',
    decision: 'D-carinfopro-07',
    title: 'A valid credential of another room closes with 4003',
    requirement: 'Decision D-carinfopro-07 (the document is silent): 4003 (Forbidden) when the credential is valid but not for this room: another owner\'s room, another room\'s visitor token.',
    tags: ['close-code', 'websocket', 'access'],
    async run(ctx) {
      const room = fixtureRoom(ctx);
      await closes(ctx, ownerSocket(ctx, room, 'other_owner'), 4003, 'the other owner on the owner\'s room');
      const mine = await freshRoom(ctx);
      await closes(ctx, visitorSocket(ctx, room, mine.visitorToken, 'other visitor'), 4003, 'another room\'s visitor token');
    },
  },
  {
    id: 'carinfopro-close-05',
    level: 'SHOULD',
    doc: '003 §WebSocket',
    decision: 'D-carinfopro-07',
    title: 'An unknown room closes with 4003',
    requirement: 'Decision D-carinfopro-07 (the document is silent): 4003 (Forbidden) when the room does not exist (indistinguishable from "not yours" on purpose).',
    tags: ['close-code', 'websocket', 'access'],
    run: (ctx) => closes(ctx, ownerSocket(ctx, randomUUID()), 4003, 'the owner joining a room that does not exist'),
  },
  {
    id: 'carinfopro-close-06',
    level: 'SHOULD',
    doc: '003 §WebSocket',
    decision: 'D-carinfopro-07',
    title: 'A room_id that is not a UUID closes with 4000',
    requirement: 'Decision D-carinfopro-07 (the document is silent): 4000 (Bad Request) when room_id is not a UUID.',
    tags: ['close-code', 'websocket'],
    run: (ctx) => closes(ctx, ownerSocket(ctx, 'abc'), 4000, 'the owner joining /ws/chat/abc/'),
  },
];
