// 003 §Notes: "visitor_token is sensitive. Treat it like a session token." It is shown to the visitor who
// started the room (the start response) and to nobody else: not in the owner's room list, not in history,
// not in broadcasts, and not derivable from ids that others see.
import type { Check } from '../../harness/check.ts';
import { expectFrame, expectNotLeaked, expectStatus, expectTrue } from '../../harness/verify.ts';
import { uniqueText } from '../support.ts';
import { connectedPair, freshRoom, history, isMessageWith, type CarinfoproState } from './support.ts';

const REQUIREMENT = '"visitor_token is sensitive. Treat it like a session token." — shown only to the visitor who started the room';

export const secretChecks: Check<CarinfoproState>[] = [
  {
    id: 'fiko-secret-01',
    level: 'MUST',
    doc: '003 §Notes',
    title: 'The owner\'s room list does not show visitor tokens',
    requirement: `${REQUIREMENT}; the owner's room list carries the room's id, not its visitor_token.`,
    tags: ['secret', 'rest', 'security'],
    async run(ctx) {
      const room = await freshRoom(ctx);
      const res = await ctx.rest('rooms.list', { role: 'owner' });
      expectStatus(ctx, res, [200], 'GET /api/chat/rooms/ as the owner');
      expectNotLeaked(ctx, res.text, room.visitorToken, 'the owner\'s room list');
    },
  },
  {
    id: 'fiko-secret-02',
    level: 'MUST',
    doc: '003 §Notes',
    title: 'History does not show the visitor token',
    requirement: `${REQUIREMENT}; history items are {id, room_id, sender_type, content, created_at}.`,
    tags: ['secret', 'rest', 'security'],
    async run(ctx) {
      const { room, visitor, owner } = await connectedPair(ctx);
      const text = uniqueText('secret-history');
      visitor.send({ message: text });
      await expectFrame(ctx, owner, isMessageWith(text), 'owner receives the visitor\'s message');
      const res = await history(ctx, room.roomId, { role: 'owner' });
      expectStatus(ctx, res, [200], 'history as the owner');
      expectNotLeaked(ctx, res.text, room.visitorToken, 'the owner\'s view of history');
    },
  },
  {
    id: 'fiko-secret-03',
    level: 'MUST',
    doc: '003 §Notes',
    title: 'Broadcasts do not carry the visitor token',
    requirement: `${REQUIREMENT}; the broadcast the owner receives is {id, room_id, sender_type, message, created_at}.`,
    tags: ['secret', 'websocket', 'security'],
    async run(ctx) {
      const { room, visitor, owner } = await connectedPair(ctx);
      const text = uniqueText('secret-frame');
      visitor.send({ message: text });
      const frame = await expectFrame(ctx, owner, isMessageWith(text), 'owner receives the visitor\'s message');
      expectNotLeaked(ctx, frame.text, room.visitorToken, 'the broadcast the owner received');
    },
  },
  {
    id: 'fiko-secret-04',
    level: 'MUST',
    doc: '003 §Notes',
    title: 'The visitor token is not an id that others see',
    requirement: `${REQUIREMENT}; room_id is listed to the owner and sits in ws_path, so a visitor_token equal to it (or to the owner's id) is no secret.`,
    tags: ['secret', 'rest', 'security'],
    async run(ctx) {
      const room = await freshRoom(ctx);
      const seen = [room.roomId, room.wsPath, String(room.body.owner_id ?? '')].map((s) => s.toLowerCase());
      const derived = seen.some((s) => s && s.includes(room.visitorToken.toLowerCase()));
      expectTrue(ctx, !derived, {
        expected: ['a visitor_token different from room_id, ws_path and owner ids'],
        observed: derived ? 'visitor_token equals an id shown to others ([redacted])' : 'visitor_token differs from every public id',
        pass: 'the visitor_token is not a public id',
        fail: 'the visitor_token is the room id, which the owner list and ws_path show',
      });
    },
  },
];
