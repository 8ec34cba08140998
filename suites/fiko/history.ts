// 003 §3) Get Message History: the owner (JWT) or the visitor (`?visitor=`) reads the room's messages,
// each with `content`. D-carinfopro-05: a plain array, every message, oldest first.
import type { Json } from '../../core/json.ts';
import type { Check } from '../../harness/check.ts';
import { expectFrame, expectJsonBody, expectStatus, expectTrue, short } from '../../harness/verify.ts';
import { curlLine, uniqueText } from '../support.ts';
import { connectedPair, fixtureRoom, history, isMessageWith, readHistory, textOf, visitorToken, type CarinfoproState, type Ctx } from './support.ts';

/** Sends `n` messages from the visitor of a fresh room and waits until the owner has them all. */
async function roomWithMessages(ctx: Ctx, n: number): Promise<{ roomId: string; visitorToken: string; sent: string[] }> {
  const { room, visitor, owner } = await connectedPair(ctx);
  const tag = uniqueText('hist');
  const sent = Array.from({ length: n }, (_, i) => `${tag}-${i + 1}`);
  for (const text of sent) {
    visitor.send({ message: text });
    await expectFrame(ctx, owner, isMessageWith(text), `owner receives "${text}"`);
  }
  return { roomId: room.roomId, visitorToken: room.visitorToken, sent };
}

export const historyChecks: Check<CarinfoproState>[] = [
  {
    id: 'fiko-history-01',
    level: 'MUST',
    doc: '003 §3) Get Message History',
    title: 'The owner reads history as a plain array of messages with content',
    requirement: 'Owner: `GET /api/chat/rooms/<room_id>/messages/` with `Authorization: Bearer <JWT_ACCESS>` answers [{id, room_id, sender_type, content, created_at}].',
    tags: ['history', 'rest', 'schema'],
    async run(ctx) {
      const room = fixtureRoom(ctx);
      ctx.addReproduction(curlLine('GET', `/api/chat/rooms/${room}/messages/`, 'owner'));
      const res = await history(ctx, room, { role: 'owner' });
      expectStatus(ctx, res, [200], 'history as the owner');
      expectJsonBody(ctx, res, 'carinfopro/message-list-response', 'the history');
      const wrongRoom = (res.json as Json[]).filter((m) => String(m.room_id) !== room);
      expectTrue(ctx, wrongRoom.length === 0, { expected: [`every item has room_id ${room}`], observed: short(wrongRoom[0] ?? res.json), pass: 'every item belongs to the room', fail: 'history holds messages of another room' });
    },
  },
  {
    id: 'fiko-history-02',
    level: 'MUST',
    doc: '003 §3) Get Message History',
    title: 'The visitor reads history with its visitor_token as a query parameter',
    requirement: 'Visitor: `GET /api/chat/rooms/<room_id>/messages/?visitor=<visitor_token>` answers the same list as the owner gets.',
    tags: ['history', 'rest', 'visitor'],
    async run(ctx) {
      const room = fixtureRoom(ctx);
      ctx.addReproduction(curlLine('GET', `/api/chat/rooms/${room}/messages/?visitor=$VISITOR_TOKEN`));
      const res = await history(ctx, room, { visitor: visitorToken(ctx) });
      expectStatus(ctx, res, [200], 'history as the visitor');
      expectJsonBody(ctx, res, 'carinfopro/message-list-response', 'the visitor\'s history');
      const mine = (res.json as Json[]).map((m) => String(m.id));
      const owners = (await readHistory(ctx, room)).map((m) => String(m.id));
      expectTrue(ctx, mine.join() === owners.join(), {
        expected: ['the same message ids as the owner\'s history'],
        observed: `visitor ${mine.length}, owner ${owners.length} message(s)`,
        pass: 'visitor and owner read the same history',
        fail: 'the visitor\'s history differs from the owner\'s',
      });
    },
  },
  {
    id: 'fiko-history-03',
    level: 'MUST',
    doc: '003 §3) Get Message History',
    title: 'History holds every message of the room',
    requirement: '"Get message history for a room": every message sent over the socket is in it (D-carinfopro-05: all messages, no paging).',
    tags: ['history', 'rest', 'persistence'],
    async run(ctx) {
      const { roomId, sent } = await roomWithMessages(ctx, 3);
      const texts = (await readHistory(ctx, roomId)).map((m) => String(textOf(m)));
      const missing = sent.filter((t) => !texts.includes(t));
      expectTrue(ctx, missing.length === 0, {
        expected: [`all of ${sent.join(', ')}`],
        observed: `history: ${texts.join(', ') || 'empty'}`,
        pass: 'every sent message is in history',
        fail: `history lacks ${missing.join(', ')}`,
      });
    },
  },
  {
    id: 'fiko-history-04',
    level: 'SHOULD',
    doc: '003 §3) Get Message History',
    decision: 'D-carinfopro-05',
    title: 'History is oldest first',
    requirement: 'Decision D-carinfopro-05 (the document is silent): A plain array of all the room\'s messages, oldest first by (created_at, id).',
    tags: ['history', 'rest', 'ordering'],
    async run(ctx) {
      const { roomId, sent } = await roomWithMessages(ctx, 3);
      const texts = (await readHistory(ctx, roomId)).map((m) => String(textOf(m))).filter((t) => sent.includes(t));
      expectTrue(ctx, texts.join() === sent.join(), {
        expected: [sent.join(', ')],
        observed: texts.join(', ') || 'none of them',
        pass: 'history is in sending order',
        fail: 'history is not oldest first',
      });
    },
  },
];
