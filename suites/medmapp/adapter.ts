// How the shared families talk Medmapp (000): the patient and the operator of a conversation of the
// check's own, {"message"} in, {"type": "chat_message", "data": {…}} out, history read page by page.
import type { Json } from '../../core/json.ts';
import { expectSchema } from '../../harness/verify.ts';
import type { ChatAdapter } from '../families/index.ts';
import { connectedPair, data, isChat, isError, readHistory, type MedmappState } from './support.ts';

export const adapter: ChatAdapter<MedmappState> = {
  member: 'patient',
  talk: { sender: 'patient', peer: 'operator' },
  fixture: 'conversation',
  broadcast: 'chat_message',
  async pair(ctx) {
    const { id, patient, operator } = await connectedPair(ctx);
    return { room: id, fresh: String(id) !== String(ctx.env.fixtures.conversation), sender: patient, peer: operator };
  },
  message: (text) => ({ message: text }),
  isBroadcast: isChat,
  textOf: (f) => data(f).content,
  idOf: (f) => data(f).id,
  history: (ctx, room, blockedBy) => readHistory(ctx, 'operator', room, 20, blockedBy),
  historyCheck: 'medmapp-msg-04',
  itemText: (m) => m?.content,
  storedFields: (text) => ({ content: text }),
  isError,
  errorCode: (f) => String((f.json as Json).code ?? ''),
  missingRoomStatuses: [404],
  unknownRoomCloses: ['Forbidden', 'Bad Request'],
  // §2.3's items, every page of them
  async tour(ctx, pair) {
    for (const m of await readHistory(ctx, 'patient', pair.room)) expectSchema(ctx, 'medmapp/message', m, `history message ${m?.id}`);
  },
};
