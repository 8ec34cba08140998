// 001 §Endpoints 2, §recent_messages, §chat_message, §typing_indicator: the chat socket of a conversation.
// recent_messages comes first, oldest first (D-fiko-06); a message reaches every socket (the families,
// families.ts); typing reaches the other sockets (D-fiko-08).
import type { Json } from '../../core/json.ts';
import type { Check } from '../../harness/check.ts';
import { expectFrame, expectOpen, expectSchema, expectTrue, short } from '../../harness/verify.ts';
import { uniqueText } from '../support.ts';
import { families as f } from './families.ts';
import { adapter } from './adapter.ts';
import { chatMessageWith, chatSocket, fixtureConversation, isType, recentMessages, userIdOf } from './support.ts';

const time = (v: unknown) => Date.parse(String(v));

export const chatChecks: Check[] = [
  {
    id: 'fiko-chat-01',
    level: 'SHOULD',
    doc: '001 §recent_messages',
    decision: 'D-fiko-06',
    title: 'The chat socket sends recent_messages first',
    requirement: 'Decision D-fiko-06 (the document shows the frame, not when): the first frame after connecting is {"type": "recent_messages", "messages": [{id, content, type, created_at}], "timestamp"}.',
    tags: ['chat', 'websocket', 'schema'],
    async run(ctx) {
      const probe = await chatSocket(ctx, fixtureConversation(ctx), { role: 'agent' });
      expectOpen(ctx, probe, 'the agent\'s chat socket');
      const first = await expectFrame(ctx, probe, () => true, 'a first frame');
      expectTrue(ctx, (first.json as Json | undefined)?.type === 'recent_messages', {
        expected: ['recent_messages as the first frame'],
        observed: short(first.text),
        pass: 'the first frame is recent_messages',
        fail: `the first frame is ${short((first.json as Json | undefined)?.type ?? first.text, 60)}, not recent_messages`,
      });
      expectSchema(ctx, 'fiko/ws-out-recent-messages', first.json, 'recent_messages');
    },
  },
  {
    id: 'fiko-chat-02',
    level: 'SHOULD',
    doc: '001 §recent_messages',
    decision: 'D-fiko-06',
    title: 'recent_messages lists the messages oldest first',
    requirement: 'Decision D-fiko-06: recent_messages holds the last 50 messages, oldest first (a chat reads top to bottom).',
    tags: ['chat', 'websocket', 'ordering'],
    async run(ctx) {
      const pair = await adapter.pair(ctx);
      const tag = uniqueText('older');
      for (const n of [1, 2]) {
        pair.sender.send(adapter.message(`${tag}-${n}`));
        await expectFrame(ctx, pair.sender, chatMessageWith(`${tag}-${n}`), `the echo of message ${n}`);
      }
      const messages = await recentMessages(ctx, String(pair.room), 'fiko-chat-01');
      const times = messages.map((m) => time(m.created_at));
      const at = times.findIndex((t, i) => i > 0 && t < times[i - 1]!);
      const mine = messages.map((m) => String(m.content)).filter((c) => c.startsWith(tag));
      expectTrue(ctx, at < 0 && mine.join() === `${tag}-1,${tag}-2`, {
        expected: [`created_at never decreasing, ${tag}-1 before ${tag}-2`],
        observed: short(messages.slice(-6).map((m) => `${m.id} ${m.created_at}`)),
        pass: `${messages.length} messages, oldest first`,
        fail: at >= 0 ? `message ${messages[at]?.id} is older than the one before it` : `the two messages just sent come as ${mine.join(', ') || 'nothing'}`,
      });
    },
  },
  f['round-trip'],
  f['peer-broadcast'],
  f.echo,
  f.persistence,
  {
    id: 'fiko-chat-06',
    level: 'SHOULD',
    doc: '001 §typing_indicator',
    decision: 'D-fiko-08',
    title: 'typing reaches the other sockets of the conversation as typing_indicator',
    requirement: 'Decision D-fiko-08: {"type": "typing", "is_typing": true} reaches every other socket of the conversation as {"type": "typing_indicator", "user_id", "username", "is_typing": true, "conversation_id", "timestamp"}.',
    tags: ['chat', 'websocket', 'typing'],
    async run(ctx) {
      const pair = await adapter.pair(ctx);
      pair.sender.send({ type: 'typing', is_typing: true });
      const conversation = String(pair.room);
      const frame = await expectFrame(ctx, pair.peer, (fr) => isType('typing_indicator')(fr) && String((fr.json as Json).conversation_id) === conversation && (fr.json as Json).is_typing === true, "a typing_indicator on the agent's other socket");
      expectSchema(ctx, 'fiko/ws-out-typing-indicator', frame.json, 'the typing_indicator');
      const id = userIdOf(ctx, 'agent');
      if (id !== undefined) {
        expectTrue(ctx, String((frame.json as Json).user_id) === String(id), {
          expected: [`user_id ${id} (the agent)`],
          observed: short(frame.json),
          pass: 'the typing_indicator names the agent',
          fail: `the typing_indicator names user ${(frame.json as Json).user_id}`,
        });
      }
    },
  },
];
