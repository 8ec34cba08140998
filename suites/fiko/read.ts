// 001 §Incoming Events (mark_read) and §messages_read (D-fiko-09): mark_read marks the conversation's
// customer messages read, its unread_count becomes 0, and every socket of the conversation hears of it.
import type { Json } from '../../core/json.ts';
import type { Check } from '../../harness/check.ts';
import type { Frame } from '../../client/ws.ts';
import { expectFrame, expectFrameOnAny, expectSchema, expectTrue, short } from '../../harness/verify.ts';
import { uniqueText } from '../support.ts';
import { adapter } from './adapter.ts';
import { conversationIn, conversationsList, customerWrites, fixtureConversation, isType, openChat, openList, otherSockets, userIdOf } from './support.ts';

const unread = (list: Json, id: string) => conversationIn(list, id)?.unread_count;

export const readChecks: Check[] = [
  {
    id: 'fiko-read-03',
    level: 'MUST',
    doc: '001 §messages_read',
    title: 'mark_read is answered with messages_read on the conversation, in the documented shape',
    requirement: '§Incoming Events sends {"type": "mark_read"}, §messages_read shows {"type": "messages_read", "user_id": 123} and handleChatMessage reads it ("case \'messages_read\': this.markMessagesAsRead(data.user_id)"): a mark_read produces a messages_read on a socket of the conversation (the reader\'s, the agent\'s other or the colleague\'s: which ones is D-fiko-09\'s).',
    tags: ['read', 'websocket'],
    async run(ctx) {
      const id = fixtureConversation(ctx);
      const reader = await openChat(ctx, id, 'agent', 'agent chat');
      const sockets = [{ probe: reader, label: "the reader's socket" }, ...(await otherSockets(ctx, id))];
      reader.send({ type: 'mark_read' });
      const { frame } = await expectFrameOnAny(ctx, sockets, isType('messages_read'), 'messages_read');
      expectSchema(ctx, 'fiko/ws-out-messages-read', frame.json, 'messages_read');
    },
  },
  {
    id: 'fiko-read-01',
    level: 'SHOULD',
    doc: '001 §messages_read',
    decision: 'D-fiko-09',
    title: 'mark_read is broadcast as messages_read to every socket of the conversation',
    requirement: 'Decision D-fiko-09: {"type": "mark_read"} is answered on every socket of the conversation, the sender\'s included, with {"type": "messages_read", "user_id"} naming the reader.',
    tags: ['read', 'websocket'],
    async run(ctx) {
      const pair = await adapter.pair(ctx);
      pair.sender.send({ type: 'mark_read' });
      const id = userIdOf(ctx, 'agent');
      const mine = (fr: Frame) => isType('messages_read')(fr) && (id === undefined || String((fr.json as Json).user_id) === String(id));
      const peer = await expectFrame(ctx, pair.peer, mine, "messages_read on the agent's other socket");
      expectSchema(ctx, 'fiko/ws-out-messages-read', peer.json, 'messages_read');
      await expectFrame(ctx, pair.sender, mine, "messages_read on the reader's own socket");
    },
  },
  {
    id: 'fiko-read-02',
    timing: 'alone',
    level: 'SHOULD',
    doc: '001 §Incoming Events',
    decision: 'D-fiko-09',
    title: "mark_read resets the conversation's unread_count to 0",
    requirement: 'Decision D-fiko-09: "// علامت‌گذاری پیام‌ها به عنوان خوانده شده {"type": "mark_read"}" (mark the messages read): the conversation\'s unread_count in the next conversations_list is 0.',
    tags: ['read', 'websocket', 'list'],
    async run(ctx) {
      const id = fixtureConversation(ctx);
      const list = await openList(ctx);
      const before = unread(await conversationsList(ctx, list, 'get_conversations', 'the list before mark_read'), id);
      // Something must be unread, or the reset would prove nothing: a customer writes (the hook) when nothing is.
      if (before === 0) await customerWrites(ctx, id, uniqueText('unread'));
      else ctx.note(`conversation ${id} has ${String(before)} unread message(s)`);
      const chat = await openChat(ctx, id);
      chat.send({ type: 'mark_read' });
      await chat.nextFrame(isType('messages_read'), ctx.quietMs);
      const after = await conversationsList(ctx, list, 'get_conversations', 'the list after mark_read');
      expectTrue(ctx, unread(after, id) === 0, {
        expected: [`conversation ${id} with unread_count 0`],
        observed: short(conversationIn(after, id) ?? 'not listed'),
        pass: 'unread_count is 0 after mark_read',
        fail: `unread_count is ${String(unread(after, id))} after mark_read`,
      });
    },
  },
];
