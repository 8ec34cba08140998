// How the shared families talk the care chat (002): the patient speaks and the professional listens in the
// fixture chat, {"content"} in, {"message": {id, content, sender_type, created_at}} out, no history.
import type { ChatAdapter } from '../families/index.ts';
import { deniedBothWays, fixturePair, isError, isMessage, errorOf, messageOf, type CarechatState } from './support.ts';

export const adapter: ChatAdapter<CarechatState> = {
  member: 'patient',
  talk: { sender: 'patient', peer: 'professional' },
  fixture: 'chat',
  broadcast: 'message',
  async pair(ctx) {
    const { chat, patient, professional } = await fixturePair(ctx);
    // Two users make one chat (D-carechat-13): the fixture chat is shared, checks tell their texts apart.
    return { room: chat, fresh: false, sender: patient, peer: professional };
  },
  message: (text) => ({ content: text }),
  isBroadcast: isMessage,
  textOf: (f) => messageOf(f).content,
  idOf: (f) => messageOf(f).id,
  isError,
  errorCode: errorOf,
  unknownRoomCloses: ['Forbidden'],
  // §Error Responses: "Connection closed - … authentication failed", whichever method carried the token.
  refuse: deniedBothWays,
};
