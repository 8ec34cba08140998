// 001 §Endpoints 2, §recent_messages, §chat_message, §typing_indicator: the chat socket of a conversation.
// recent_messages comes first, oldest first (D-fiko-06); a message reaches every socket (the families,
// families.ts); typing reaches the other sockets (D-fiko-08).
import type { Json } from '../../core/json.ts';
import type { Check } from '../../harness/check.ts';
import { expectFrame, expectFrameOnAny, expectOpen, expectSchema, expectTrue, short } from '../../harness/verify.ts';
import { uniqueText } from '../support.ts';
import { families as f } from './families.ts';
import { adapter } from './adapter.ts';
import { chatMessageWith, chatSocket, fixtureConversation, hasRole, isType, openChat, otherSockets, recentMessages, userIdOf } from './support.ts';

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
        // Confirmed where the round trip (fiko-chat-07) says it comes back: on either socket, the echo being D-fiko-07's.
        await expectFrameOnAny(ctx, [{ probe: pair.sender, label: 'agent chat' }, { probe: pair.peer, label: 'agent chat #2' }], chatMessageWith(`${tag}-${n}`), `message ${n} back`);
      }
      const messages = await recentMessages(ctx, String(pair.room), 'fiko-chat-09');
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
  {
    id: 'fiko-chat-09',
    level: 'MUST',
    doc: '001 §recent_messages',
    title: 'A new chat socket is sent recent_messages, in the documented shape',
    requirement: '§recent_messages shows {"type": "recent_messages", "messages": [{id, content, type, created_at}], "timestamp"} and the client\'s handleChatMessage loads it ("case \'recent_messages\': this.loadRecentMessages(data.messages)"); no client frame asks for it, so a chat socket gets it unasked. When it comes is fiko-chat-01\'s (D-fiko-06).',
    tags: ['chat', 'websocket', 'schema'],
    async run(ctx) {
      const probe = await chatSocket(ctx, fixtureConversation(ctx), { role: 'agent' });
      expectOpen(ctx, probe, "the agent's chat socket");
      const frame = await expectFrame(ctx, probe, isType('recent_messages'), 'recent_messages');
      expectSchema(ctx, 'fiko/ws-out-recent-messages', frame.json, 'recent_messages');
    },
  },
  f['round-trip'],
  f['peer-broadcast'],
  f.echo,
  f.persistence,
  {
    id: 'fiko-chat-08',
    level: 'MUST',
    doc: '001 §typing_indicator',
    title: 'typing reaches another socket of the conversation as typing_indicator',
    requirement: '"Typing indicators" is a key feature; §Incoming Events sends {"type": "typing", "is_typing": true} and handleChatMessage shows "case \'typing_indicator\': this.showTypingIndicator(data.username, data.is_typing)": typing on one chat socket produces a typing_indicator {user_id, username, is_typing, conversation_id, timestamp} on another socket of the conversation (the colleague\'s or the agent\'s own second one: who receives is D-fiko-08\'s).',
    tags: ['chat', 'websocket', 'typing'],
    async run(ctx) {
      const id = fixtureConversation(ctx);
      const sender = await openChat(ctx, id, 'agent', 'agent chat');
      const watchers = await otherSockets(ctx, id);
      sender.send({ type: 'typing', is_typing: true });
      const { frame } = await expectFrameOnAny(ctx, watchers, (fr) => isType('typing_indicator')(fr) && (fr.json as Json).is_typing === true, 'a typing_indicator with is_typing true');
      expectSchema(ctx, 'fiko/ws-out-typing-indicator', frame.json, 'the typing_indicator');
    },
  },
  {
    id: 'fiko-chat-06',
    level: 'SHOULD',
    doc: '001 §typing_indicator',
    decision: 'D-fiko-08',
    title: "typing reaches the other users' sockets as typing_indicator naming the typist",
    requirement: 'Decision D-fiko-08: {"type": "typing", "is_typing": true} reaches the sockets of the conversation\'s other users (the colleague\'s; without a colleague in the target file, the agent\'s second socket) as {"type": "typing_indicator", "user_id", "username", "is_typing": true, "conversation_id"} naming the typist and the conversation.',
    tags: ['chat', 'websocket', 'typing'],
    async run(ctx) {
      const conversation = fixtureConversation(ctx);
      const other = hasRole(ctx, 'colleague');
      const sender = await openChat(ctx, conversation, 'agent', 'agent chat');
      const peer = other ? await openChat(ctx, conversation, 'colleague', 'colleague chat') : await openChat(ctx, conversation, 'agent', 'agent chat #2');
      sender.send({ type: 'typing', is_typing: true });
      const frame = await expectFrame(ctx, peer, (fr) => isType('typing_indicator')(fr) && String((fr.json as Json).conversation_id) === conversation && (fr.json as Json).is_typing === true, `a typing_indicator for conversation ${conversation} on ${other ? "the colleague's" : "the agent's other"} socket`);
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
