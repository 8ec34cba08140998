// Every response and frame of a visitor/owner round trip matches the schemas derived from document 003.
import type { Check } from '../../harness/check.ts';
import { expectFrame, expectJsonBody, expectSchema, expectStatus } from '../../harness/verify.ts';
import { uniqueText } from '../support.ts';
import { connectedPair, history, isMessageWith, ownerId, start, type CarinfoproState } from './support.ts';

export const schemaChecks: Check<CarinfoproState>[] = [
  {
    id: 'carinfopro-schema-01',
    level: 'MUST',
    doc: '003 §REST Endpoints',
    title: 'Every response and frame of a round trip matches the document',
    requirement: 'The shapes of §1, §2, §3 and §Send a Message — UUID ids and ISO 8601 timestamps ("2026-02-05T11:06:00Z") — hold for start, room list, broadcast and history alike.',
    tags: ['schema', 'rest', 'websocket'],
    async run(ctx) {
      const started = await start(ctx, { user_id: ownerId(ctx), visitor_name: 'Tour' });
      expectJsonBody(ctx, started, 'carinfopro/chat-start-response', 'the start response');
      const { room, visitor, owner } = await connectedPair(ctx);
      const list = await ctx.rest('rooms.list', { role: 'owner' });
      expectStatus(ctx, list, [200], 'room list');
      expectJsonBody(ctx, list, 'carinfopro/room-list-response', 'the room list');
      for (const [who, from, to] of [['visitor', visitor, owner], ['owner', owner, visitor]] as const) {
        const text = uniqueText(`tour-${who}`);
        from.send({ message: text });
        const frame = await expectFrame(ctx, to, isMessageWith(text), `the receiver gets the ${who}'s message`);
        expectSchema(ctx, 'carinfopro/ws-out-message', frame.json, `the broadcast of the ${who}'s message`);
        // The sender's own echo is a decision (D-carinfopro-09, SHOULD): judged when it comes, not waited for.
        const echo = from.frames.find(isMessageWith(text)) ?? (await from.nextFrame(isMessageWith(text), ctx.quietMs));
        if (echo) expectSchema(ctx, 'carinfopro/ws-out-message', echo.json, `the sender's echo of the ${who}'s message`);
      }
      for (const as of [{ role: 'owner' }, { visitor: room.visitorToken }]) {
        const res = await history(ctx, room.roomId, as);
        expectJsonBody(ctx, res, 'carinfopro/message-list-response', `history as ${'role' in as ? 'the owner' : 'the visitor'}`);
      }
    },
  },
];
