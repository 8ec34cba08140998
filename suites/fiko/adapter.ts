// How the shared families talk CarInfoPro (003): a visitor starts a room of the check's own and the owner
// joins it, {"message"} in, {id, room_id, sender_type, message, created_at} out, history a plain array.
import type { Json } from '../../core/json.ts';
import { expectJsonBody } from '../../harness/verify.ts';
import type { ChatAdapter } from '../families/index.ts';
import { connectedPair, freshRoom, history, isError, isMessage, ownerId, readHistory, refusedEverywhere, start, textOf, visitorSocket, type CarinfoproState } from './support.ts';

const json = (f: { json?: unknown }) => f.json as Json;

export const adapter: ChatAdapter<CarinfoproState> = {
  member: 'owner',
  talk: { sender: 'visitor', peer: 'owner' },
  fixture: 'room',
  broadcast: 'message',
  async pair(ctx) {
    const { room, visitor, owner } = await connectedPair(ctx);
    return { room: room.roomId, fresh: true, sender: visitor, peer: owner, senderToken: room.visitorToken };
  },
  message: (text) => ({ message: text }),
  isBroadcast: isMessage,
  textOf: (f) => textOf(json(f)),
  idOf: (f) => json(f).id,
  broadcastFields: (room, text) => ({ sender_type: 'visitor', room_id: room, message: text }),
  history: (ctx, room, blockedBy) => readHistory(ctx, String(room), { role: 'owner' }, blockedBy),
  historyCheck: 'fiko-history-01',
  itemText: textOf,
  storedFields: (text) => ({ content: text, sender_type: 'visitor' }),
  isError,
  errorCode: (f) => String(json(f).error),
  missingRoomStatuses: [403, 404],
  unknownRoomCloses: ['Forbidden'],
  async alsoForbidden(ctx, room) {
    const mine = await freshRoom(ctx);
    return [{ what: 'another room\'s visitor token', probe: await visitorSocket(ctx, String(room), mine.visitorToken, 'other visitor') }];
  },
  refuse: refusedEverywhere,
  // §1's start response, and §3's history as the visitor reads it
  async tour(ctx, pair) {
    expectJsonBody(ctx, await start(ctx, { user_id: ownerId(ctx), visitor_name: 'Tour' }), 'carinfopro/chat-start-response', 'the start response');
    expectJsonBody(ctx, await history(ctx, String(pair.room), { visitor: pair.senderToken! }), 'carinfopro/message-list-response', 'history as the visitor');
  },
};
