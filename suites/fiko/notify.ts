// What the list socket is told without asking (001 §new_customer_message, §conversation_updated;
// D-fiko-13): a customer's message (made to happen by the target file's customerMessage hook: a customer
// writes on Telegram or Instagram) and every change of a conversation. Without the hook those checks skip.
import type { Json } from '../../core/json.ts';
import type { Check } from '../../harness/check.ts';
import type { Frame } from '../../client/ws.ts';
import { expectFrame, expectSchema, expectTrue, short } from '../../harness/verify.ts';
import { uniqueText } from '../support.ts';
import { chatMessageWith, conversationIn, conversationsList, customerWrites, fixtureConversation, isType, openChat, openList } from './support.ts';

const json = (f: Frame) => f.json as Json;

export const notifyChecks: Check[] = [
  {
    id: 'fiko-notify-04',
    level: 'MUST',
    doc: '001 §new_customer_message',
    title: "A customer's message reaches the agent's list socket as new_customer_message",
    requirement: '§new_customer_message shows {"type": "new_customer_message", "conversation_id", "message": {id, content, "type": "customer", created_at}, "timestamp"} and handleConversationsMessage notifies on it ("case \'new_customer_message\': this.showNotification(\'پیام جدید دریافت شد!\')"): when a customer writes (the target file\'s customerMessage hook), the agent\'s conversations socket gets it for that conversation.',
    tags: ['notify', 'websocket', 'hook'],
    async run(ctx) {
      const id = fixtureConversation(ctx);
      const list = await openList(ctx);
      const text = uniqueText('customer-notify');
      await customerWrites(ctx, id, text);
      const frame = await expectFrame(ctx, list, (f) => isType('new_customer_message')(f) && (json(f).message as Json | undefined)?.content === text, `new_customer_message "${text}" on the agent's list socket`);
      expectSchema(ctx, 'fiko/ws-out-new-customer-message', frame.json, 'new_customer_message');
      expectTrue(ctx, String(json(frame).conversation_id) === id, {
        expected: [`conversation_id ${id}`],
        observed: short(frame.json),
        pass: 'the notification names the conversation',
        fail: `the notification names conversation ${String(json(frame).conversation_id)}`,
      });
    },
  },
  {
    id: 'fiko-notify-01',
    timing: 'alone',
    level: 'SHOULD',
    doc: '001 §new_customer_message',
    decision: 'D-fiko-13',
    title: "A customer's message notified on the list counts as unread",
    requirement: 'Decision D-fiko-13: when a customer writes (the target file\'s customerMessage hook), the new_customer_message on the agent\'s conversations socket (fiko-notify-04) is a customer message of that conversation, and the conversation\'s unread_count grows by one.',
    tags: ['notify', 'websocket', 'hook'],
    async run(ctx) {
      const id = fixtureConversation(ctx);
      const list = await openList(ctx);
      const before = Number(conversationIn(await conversationsList(ctx, list, 'get_conversations', 'the list before the customer writes'), id)?.unread_count ?? NaN);
      const text = uniqueText('customer');
      await customerWrites(ctx, id, text);
      const frame = await expectFrame(ctx, list, (f) => isType('new_customer_message')(f) && (json(f).message as Json | undefined)?.content === text, `new_customer_message "${text}" on the agent's list socket`);
      expectSchema(ctx, 'fiko/ws-out-new-customer-message', frame.json, 'new_customer_message');
      const m = json(frame).message as Json;
      expectTrue(ctx, String(json(frame).conversation_id) === id && m.type === 'customer', {
        expected: [`conversation_id ${id}, message type "customer"`],
        observed: short(frame.json),
        pass: 'the notification names the conversation and a customer message',
        fail: 'the notification names another conversation or not a customer message',
      });
      const after = Number(conversationIn(await conversationsList(ctx, list, 'get_conversations', 'the list after the customer wrote'), id)?.unread_count ?? NaN);
      expectTrue(ctx, after === before + 1, {
        expected: [`unread_count ${before + 1} (was ${before})`],
        observed: `unread_count ${after}`,
        pass: 'the customer message counts as unread',
        fail: `unread_count went from ${before} to ${after}`,
      });
    },
  },
  {
    id: 'fiko-notify-02',
    level: 'MUST',
    doc: '001 §chat_message',
    title: "A customer's message reaches the conversation's chat socket as chat_message with its customer",
    requirement: 'The Message Flow Diagram\'s "<-- Customer Reply" then "<-- New Message", and §chat_message\'s "type": "support" // یا "customer" with "customer": {"first_name", "last_name"}: a customer\'s message (the customerMessage hook) reaches the agent\'s chat socket of the conversation as chat_message with message.type "customer" and message.customer.',
    tags: ['notify', 'websocket', 'hook', 'schema'],
    async run(ctx) {
      const id = fixtureConversation(ctx);
      const chat = await openChat(ctx, id);
      const text = uniqueText('customer-chat');
      await customerWrites(ctx, id, text);
      const frame = await expectFrame(ctx, chat, chatMessageWith(text), `the customer's message "${text}" on the agent's chat socket`);
      expectSchema(ctx, 'fiko/ws-out-chat-message', frame.json, 'the chat_message');
      const m = json(frame).message as Json;
      expectTrue(ctx, m.type === 'customer' && typeof m.customer === 'object' && m.customer !== null, {
        expected: ['message.type "customer" with message.customer'],
        observed: short(frame.json),
        pass: "the chat_message is the customer's, with its name",
        fail: `message.type is ${JSON.stringify(m.type)}${m.customer ? '' : ' and message.customer is missing'}`,
      });
    },
  },
  {
    id: 'fiko-notify-03',
    level: 'SHOULD',
    doc: '001 §conversation_updated',
    decision: 'D-fiko-13',
    title: "An agent's message updates the conversation on the agent's list socket",
    requirement: 'Decision D-fiko-13: after every stored message (and every mark_read) of a conversation, its agents\' conversations sockets get {"type": "conversation_updated", "conversation_id"}.',
    tags: ['notify', 'websocket', 'list'],
    async run(ctx) {
      const id = fixtureConversation(ctx);
      const [list, chat] = await Promise.all([openList(ctx), openChat(ctx, id)]);
      const text = uniqueText('update');
      chat.send({ type: 'chat_message', content: text });
      await expectFrame(ctx, chat, chatMessageWith(text), 'the message is broadcast');
      const frame = await expectFrame(ctx, list, (f) => isType('conversation_updated')(f) && String(json(f).conversation_id) === id, `conversation_updated for ${id} on the list socket`);
      expectSchema(ctx, 'fiko/ws-out-conversation-updated', frame.json, 'conversation_updated');
    },
  },
];
