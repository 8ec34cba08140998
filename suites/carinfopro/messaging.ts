// 003 §WebSocket and §Send a Message: {"message": …} in, {id, room_id, sender_type, message, created_at}
// out, to the visitor and the owner alike (D-carinfopro-09), stored for history (D-carinfopro-06).
import type { Check } from '../../harness/check.ts';
import type { Frame } from '../../client/ws.ts';
import { expectFrame, expectSchema, expectTrue, short } from '../../harness/verify.ts';
import { connectedPair, isMessage, isMessageWith, readHistory, textOf, uniqueText, type Json } from './support.ts';

const json = (f: Frame) => f.json as Json;

export const messagingChecks: Check[] = [
  {
    id: 'carinfopro-ws-01',
    level: 'MUST',
    doc: '003 §Send a Message',
    title: 'The owner receives the visitor\'s message as the documented broadcast',
    requirement: 'Client sends {"message":"Salom"}; server broadcasts {"id", "room_id", "sender_type": "visitor", "message": "Salom", "created_at"}.',
    tags: ['messaging', 'websocket', 'schema'],
    async run(ctx) {
      const { room, visitor, owner } = await connectedPair(ctx);
      const text = uniqueText('salom');
      visitor.send({ message: text });
      const frame = await expectFrame(ctx, owner, isMessageWith(text), `owner receives "${text}"`);
      expectSchema(ctx, 'carinfopro/ws-out-message', frame.json, 'the broadcast');
      const ok = json(frame).sender_type === 'visitor' && json(frame).room_id === room.roomId && json(frame).message === text;
      expectTrue(ctx, ok, {
        expected: [`sender_type "visitor", room_id ${room.roomId}, message "${text}"`],
        observed: short(frame.json),
        reason: ok ? 'the owner got the visitor\'s message' : 'the broadcast does not describe the visitor\'s message in this room',
      });
    },
  },
  {
    id: 'carinfopro-ws-02',
    level: 'MUST',
    doc: '003 §WebSocket',
    title: 'The visitor receives the owner\'s message, not marked as the visitor\'s',
    requirement: 'Owner connection `?token=<JWT_ACCESS>`: what the owner sends reaches the visitor; the document shows only "sender_type": "visitor", so any other sender_type is accepted for the owner (the reference server says "owner", D-carinfopro-09).',
    tags: ['messaging', 'websocket'],
    async run(ctx) {
      const { visitor, owner } = await connectedPair(ctx);
      const text = uniqueText('owner-reply');
      owner.send({ message: text });
      const frame = await expectFrame(ctx, visitor, isMessageWith(text), `visitor receives "${text}"`);
      expectSchema(ctx, 'carinfopro/ws-out-message', frame.json, 'the broadcast');
      const type = json(frame).sender_type;
      expectTrue(ctx, typeof type === 'string' && type !== 'visitor', {
        expected: ['a sender_type other than "visitor" ("owner" on the reference server)'],
        observed: short(frame.json),
        reason: typeof type === 'string' && type !== 'visitor' ? `the owner's message is marked ${type}` : `the owner's message is marked ${JSON.stringify(type)}`,
      });
    },
  },
  {
    id: 'carinfopro-ws-03',
    level: 'SHOULD',
    doc: '003 §Send a Message',
    decision: 'D-carinfopro-09',
    title: 'The sender receives its own broadcast too',
    requirement: 'Decision D-carinfopro-09 (the document is silent): Every socket of the room, the sender\'s included, gets {id, room_id, sender_type, message, created_at}.',
    tags: ['messaging', 'websocket'],
    async run(ctx) {
      const { visitor } = await connectedPair(ctx);
      const text = uniqueText('echo');
      visitor.send({ message: text });
      await expectFrame(ctx, visitor, isMessageWith(text), `the visitor's own socket receives "${text}"`);
    },
  },
  {
    id: 'carinfopro-ws-04',
    level: 'MUST',
    doc: '003 §3) Get Message History',
    title: 'A message sent over the socket is in history with the same id and sender',
    requirement: 'History lists the room\'s messages: the broadcast message appears there with its id, its text under "content" and its sender_type (D-carinfopro-09).',
    tags: ['messaging', 'rest', 'persistence'],
    async run(ctx) {
      const { room, visitor, owner } = await connectedPair(ctx);
      const text = uniqueText('persist');
      visitor.send({ message: text });
      const frame = await expectFrame(ctx, owner, isMessageWith(text), `owner receives "${text}"`);
      const stored = (await readHistory(ctx, room.roomId)).find((m) => textOf(m) === text);
      const same = Boolean(stored) && String(stored!.id) === String(json(frame).id) && stored!.content === text && stored!.sender_type === 'visitor';
      expectTrue(ctx, same, {
        expected: [`a history item {id: ${json(frame).id}, sender_type: "visitor", content: "${text}"}`],
        observed: stored ? short(stored) : 'no history item with that text',
        reason: !stored ? 'the message is not in history' : same ? 'the message is in history as broadcast' : 'the history item differs from the broadcast (id, content or sender_type)',
      });
    },
  },
  {
    id: 'carinfopro-ws-05',
    level: 'SHOULD',
    doc: '003 §Send a Message',
    decision: 'D-carinfopro-17',
    title: 'Messages arrive in the order they were sent',
    requirement: 'Decision D-carinfopro-17 (the document shows a chat but never says so): a chat is a sequence: the other side receives one connection\'s messages in sending order.',
    tags: ['messaging', 'websocket', 'ordering'],
    async run(ctx) {
      const { visitor, owner } = await connectedPair(ctx);
      const tag = uniqueText('seq');
      const sent = [1, 2, 3, 4, 5].map((n) => `${tag}-${n}`);
      for (const text of sent) visitor.send({ message: text });
      const mine = (f: Frame) => isMessage(f) && String(textOf(json(f))).startsWith(tag);
      const got = (await owner.collect(ctx.timeoutMs, mine, sent.length)).map((f) => String(textOf(json(f))));
      expectTrue(ctx, got.join() === sent.join(), {
        expected: [sent.join(', ')],
        observed: got.join(', ') || 'nothing',
        reason: got.length < sent.length ? `only ${got.length} of ${sent.length} messages arrived` : got.join() === sent.join() ? 'all 5 arrived in order' : 'the messages arrived out of order',
      });
    },
  },
  {
    id: 'carinfopro-ws-06',
    level: 'SHOULD',
    doc: '003 §Send a Message',
    decision: 'D-carinfopro-11',
    title: 'Text is stored and delivered verbatim',
    requirement: 'Decision D-carinfopro-11 (the document is silent): No escaping is documented: text is stored and returned verbatim (escapesHtml: false; the clients escape), over the socket and in history.',
    tags: ['messaging', 'websocket', 'rest'],
    async run(ctx) {
      const { room, visitor, owner } = await connectedPair(ctx);
      const text = `${uniqueText('verbatim')} <b>"Salom" & 'xayr'</b>  `;
      visitor.send({ message: text });
      const frame = await expectFrame(ctx, owner, (f) => isMessage(f) && String(textOf(json(f))).startsWith(text.slice(0, 20)), 'owner receives the message');
      const stored = (await readHistory(ctx, room.roomId)).find((m) => String(textOf(m)).startsWith(text.slice(0, 20)));
      const ok = textOf(json(frame)) === text && textOf(stored) === text;
      expectTrue(ctx, ok, {
        expected: [JSON.stringify(text)],
        observed: `broadcast ${JSON.stringify(textOf(json(frame)))}, history ${JSON.stringify(textOf(stored))}`,
        reason: ok ? 'the text came back exactly as sent' : 'the text was changed (escaped, trimmed or dropped)',
      });
    },
  },
];
