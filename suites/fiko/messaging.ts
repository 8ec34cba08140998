// 003 §WebSocket and §Send a Message: {"message": …} in, {id, room_id, sender_type, message, created_at}
// out, to the visitor and the owner alike (D-carinfopro-09), stored for history (D-carinfopro-06). The
// visitor's message reaching the owner and the sender, in order, and into history, is the shared families'
// (families.ts); the owner's side and verbatim text are CarInfoPro's own.
import type { Json } from '../../core/json.ts';
import type { Check } from '../../harness/check.ts';
import type { Frame } from '../../client/ws.ts';
import { expectFrame, expectSchema, expectTrue, short } from '../../harness/verify.ts';
import { uniqueText } from '../support.ts';
import { families as f } from './families.ts';
import { connectedPair, isMessage, isMessageWith, readHistory, textOf, type CarinfoproState } from './support.ts';

const json = (fr: Frame) => fr.json as Json;

export const messagingChecks: Check<CarinfoproState>[] = [
  f['peer-broadcast'],
  {
    id: 'fiko-ws-02',
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
        pass: `the owner's message is marked ${type}`,
        fail: `the owner's message is marked ${JSON.stringify(type)}`,
      });
    },
  },
  f.echo,
  f.persistence,
  f.order,
  {
    id: 'fiko-ws-06',
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
      const frame = await expectFrame(ctx, owner, (fr) => isMessage(fr) && String(textOf(json(fr))).startsWith(text.slice(0, 20)), 'owner receives the message');
      const stored = (await readHistory(ctx, room.roomId)).find((m) => String(textOf(m)).startsWith(text.slice(0, 20)));
      const ok = textOf(json(frame)) === text && textOf(stored) === text;
      expectTrue(ctx, ok, {
        expected: [JSON.stringify(text)],
        observed: `broadcast ${JSON.stringify(textOf(json(frame)))}, history ${JSON.stringify(textOf(stored))}`,
        pass: 'the text came back exactly as sent',
        fail: 'the text was changed (escaped, trimmed or dropped)',
      });
    },
  },
];
