// 001 §Endpoints 1 and §conversations_list: the list socket answers get_conversations and
// refresh_conversations with the agent's conversations (D-fiko-06), most recently updated first.
import type { Check } from '../../harness/check.ts';
import { expectSchema, expectTrue, short } from '../../harness/verify.ts';
import { conversationIn, conversationsList, conversationsOf, fixtureConversation, openList } from './support.ts';

const LIST = 'fiko/ws-out-conversations-list';
const time = (v: unknown) => Date.parse(String(v));

export const listChecks: Check[] = [
  {
    id: 'fiko-list-01',
    level: 'MUST',
    doc: '001 §conversations_list',
    title: 'get_conversations is answered with the agent\'s conversations_list, in the documented shape',
    requirement: '"// دریافت لیست گفتگوها {"type": "get_conversations"}" (get the conversation list) → {"type": "conversations_list", "conversations": [{id, title, source, status, customer, last_message, unread_count, created_at, updated_at}], "timestamp"}, the agent\'s conversation among them.',
    tags: ['list', 'websocket', 'schema'],
    async run(ctx) {
      const list = await conversationsList(ctx, await openList(ctx));
      expectSchema(ctx, LIST, list, 'the conversations_list');
      const id = fixtureConversation(ctx);
      expectTrue(ctx, conversationIn(list, id) !== undefined, {
        expected: [`conversation ${id} (fixtures.conversation) in the list`],
        observed: conversationsOf(list).map((c) => c.id).join(', ') || 'no conversation',
        pass: `conversation ${id} is listed`,
        fail: `conversation ${id} is not in the agent's list`,
      });
    },
  },
  {
    id: 'fiko-list-02',
    level: 'SHOULD',
    doc: '001 §Incoming Events',
    decision: 'D-fiko-06',
    title: 'refresh_conversations is answered with a conversations_list too',
    requirement: 'Decision D-fiko-06: "// بازخوانی لیست گفتگوها {"type": "refresh_conversations"}" (reload the list) is answered like get_conversations, with the same conversations_list.',
    tags: ['list', 'websocket', 'schema'],
    async run(ctx) {
      const list = await conversationsList(ctx, await openList(ctx), 'refresh_conversations');
      expectSchema(ctx, LIST, list, 'the conversations_list answering refresh_conversations');
    },
  },
  {
    id: 'fiko-list-03',
    level: 'SHOULD',
    doc: '001 §conversations_list',
    decision: 'D-fiko-06',
    title: 'Conversations are listed most recently updated first',
    requirement: 'Decision D-fiko-06 (the document gives no order): conversations_list lists the agent\'s conversations by updated_at descending.',
    tags: ['list', 'websocket', 'ordering'],
    async run(ctx) {
      const conversations = conversationsOf(await conversationsList(ctx, await openList(ctx)));
      const times = conversations.map((c) => time(c.updated_at));
      const at = times.findIndex((t, i) => i > 0 && t > times[i - 1]!);
      expectTrue(ctx, conversations.length >= 2 && at < 0, {
        expected: ['at least two conversations, updated_at never increasing down the list'],
        observed: short(conversations.map((c) => `${c.id} ${c.updated_at}`)),
        pass: `${conversations.length} conversations, most recently updated first`,
        fail: conversations.length < 2 ? `only ${conversations.length} conversation(s): no order to judge (the agent needs two)` : `${conversations[at]?.id} (updated ${conversations[at]?.updated_at}) is listed after an older one`,
      });
    },
  },
];
