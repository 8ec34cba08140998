// The outside event of document 001 (D-fiko-13): a customer writes on Telegram or Instagram. No request of
// the document makes that happen, so the reference server serves a hook, clearly outside the document's
// paths, that the target file names (`hooks.customerMessage`): it stores the customer's message, sends
// `chat_message` to the conversation's chat sockets, and `new_customer_message` and `conversation_updated`
// to the list sockets of its agents, whose unread_count grows by one.
import type { ServerContext } from '../dialect.ts';
import { ServerError } from '../errors.ts';
import { readJsonBody, type RouteDecl } from '../http.ts';
import { newMessage } from '../store.ts';
import { frameOut, write } from '../seams.ts';
import { conversationUpdated } from './frames.ts';
import { customerMember, customerOf, messageId } from './seed.ts';
import { agentsOf, chatRoom, frameText, listRoom, messageView, now } from './wire.ts';

export const CUSTOMER_HOOK_PATH = '/_chatconform/fiko/customer-message';

export function customerHookRoute(sc: ServerContext): RouteDecl {
  const { store } = sc;
  return {
    method: 'POST',
    pattern: /^\/_chatconform\/fiko\/customer-message\/?$/,
    undocumented: 'the customerMessage hook of the target file: a customer writing on the external platform (D-fiko-13)',
    async handler(rc) {
      const body = (await readJsonBody(rc.req)) as Record<string, unknown>;
      const errors: Record<string, string[]> = {};
      const conversation = body?.conversation;
      const text = body?.text;
      if (typeof conversation !== 'string' && typeof conversation !== 'number') errors.conversation = ['This field is required.'];
      if (typeof text !== 'string' || text.trim() === '') errors.text = ['This field may not be blank.'];
      if (Object.keys(errors).length) throw ServerError.validation(errors);
      const room = await store.getRoom(String(conversation));
      if (!room) throw new ServerError('NOT_FOUND', { message: 'No such conversation.' });
      const customer = customerOf(room);
      const record = newMessage({ id: await messageId(store), roomId: room.id, senderId: customerMember(customer.id), type: 'customer', content: String(text) });
      await write(sc, 'message', () => store.addMessage(record));
      const message = messageView(record, room);
      const chat = frameOut(sc, 'chat', { type: 'chat_message', message }, { from: 'customer', room });
      if (chat) await sc.bus.publish(chatRoom(room.id), frameText(chat, sc));
      const notify = frameOut(sc, 'notify', { type: 'new_customer_message', conversation_id: String(room.id), message, timestamp: now() }, { room });
      if (notify) await sc.bus.publish(agentsOf(room).map(listRoom), frameText(notify, sc));
      await conversationUpdated(sc, room);
      return { status: 201, body: { id: message.id, conversation: String(room.id) } };
    },
  };
}
