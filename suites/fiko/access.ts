// Whose conversations an agent sees (D-fiko-18): only its own, in the list and on the chat socket.
import type { Check } from '../../harness/check.ts';
import { expectDenied, expectTrue, short } from '../../harness/verify.ts';
import { MISSING_CONVERSATION, chatSocket, conversationsList, conversationsOf, fixtureConversation, openList } from './support.ts';

export const accessChecks: Check[] = [
  {
    id: 'fiko-access-01',
    level: 'SHOULD',
    doc: '001 §conversations_list',
    decision: 'D-fiko-18',
    title: "The outsider's conversations_list holds none of the agent's conversations",
    requirement: "Decision D-fiko-18 (the document is silent): an agent's conversations_list lists its own conversations only; the outsider's contains none of the agent's.",
    tags: ['access', 'websocket', 'security'],
    async run(ctx) {
      const mine = conversationsOf(await conversationsList(ctx, await openList(ctx, 'agent'), 'get_conversations', "the agent's conversations_list")).map((c) => String(c.id));
      const ids = new Set([fixtureConversation(ctx), ...mine]);
      const theirs = conversationsOf(await conversationsList(ctx, await openList(ctx, 'outsider'), 'get_conversations', "the outsider's conversations_list"));
      const leaked = theirs.filter((c) => ids.has(String(c.id)));
      expectTrue(ctx, leaked.length === 0, {
        expected: [`none of ${[...ids].join(', ')}`],
        observed: leaked.length ? short(leaked[0]) : `${theirs.length} conversation(s): ${theirs.map((c) => c.id).join(', ') || 'none'}`,
        pass: "the outsider sees none of the agent's conversations",
        fail: `the outsider's list shows the agent's conversation ${leaked[0]?.id}`,
      });
    },
  },
  {
    id: 'fiko-access-02',
    level: 'SHOULD',
    doc: '001 §Endpoints 2',
    decision: 'D-fiko-18',
    title: "A chat socket to a conversation that is not the agent's, or does not exist, is closed",
    requirement: 'Decision D-fiko-18 and D-fiko-03 (the document is silent): /ws/chat/{conversation_id}/ of another agent\'s conversation, or of none, is closed before any frame but an error frame.',
    tags: ['access', 'websocket', 'security'],
    async run(ctx) {
      await expectDenied(ctx, await chatSocket(ctx, fixtureConversation(ctx), { role: 'outsider' }), "the outsider's chat socket to the agent's conversation");
      await expectDenied(ctx, await chatSocket(ctx, MISSING_CONVERSATION, { role: 'agent' }), 'the agent\'s chat socket to a conversation that does not exist');
    },
  },
];
