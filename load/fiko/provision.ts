import { expandPath } from '../../core/profiles.ts';
import { WsProbe } from '../../client/ws.ts';
import type { FixtureRoom } from '../fixture.ts';
import { ProvisionError, accessToken, roomSocketPath, type Provisioner } from '../provision.ts';

// Fiko (001): nothing documented creates a conversation (a customer writing on Telegram does), so the load
// rooms are the agent's own conversations, as its list socket's `conversations_list` names them. A room of
// M members is M chat sockets of the agent (its tabs); `chat_message` goes to every one of them, the
// sender's included (D-fiko-07). Each room also keeps one list socket of the agent open as a listener: it
// is told `conversation_updated` for every stored message (D-fiko-13), and those frames are counted.
// No rate limit is documented (D-fiko-17): any error frame answering a load message is a refusal.
const LIST_TIMEOUT_MS = 10_000;

export const fiko: Provisioner = {
  async provision(req) {
    const { profile, target } = req;
    const token = await accessToken(profile, target, 'agent', req.tokens?.agent);
    const url = (op: string, params: Record<string, string | number>) => {
      const u = new URL(target.wsUrl + expandPath(roomSocketPath(profile, op), params));
      u.searchParams.set('token', token);
      return u.toString();
    };
    const ids = await conversationsOf(url('conversations', {}));
    if (ids.length < req.rooms && !req.upTo) {
      throw new ProvisionError(`the agent has ${ids.length} conversation${ids.length === 1 ? '' : 's'}, fewer than the ${req.rooms} rooms asked for: Fiko creates conversations when customers write, so ask for --rooms ${ids.length} or seed more`);
    }
    if (!ids.length) throw new ProvisionError('the agent has no conversation to load: Fiko creates conversations when customers write');
    const rooms: FixtureRoom[] = ids.slice(0, req.rooms).map((id) => ({
      id,
      members: Array.from({ length: req.members }, (_, j) => ({ url: url('chat', { id }), label: `agent#${id}.${j}` })),
      listeners: [{ url: url('conversations', {}), label: `agent-list#${id}` }],
    }));
    const credentials = Object.values(target.users).flatMap((u) => Object.values(u.credentials ?? {}));
    return {
      rooms,
      secrets: [token, ...credentials],
      send: { template: { type: 'chat_message', content: '$PAYLOAD' } },
      receive: { path: 'message.content', typeField: 'type', typeValue: 'chat_message', echo: true },
      refusal: { path: 'type', value: 'error' },
      listen: { typeField: 'type', typeValue: 'conversation_updated', roomField: 'conversation_id' },
    };
  },
};

/** The conversation ids of the list socket's answer to `get_conversations`, in the order it lists them. */
async function conversationsOf(listUrl: string): Promise<(string | number)[]> {
  const probe = await WsProbe.connect(listUrl, { timeoutMs: LIST_TIMEOUT_MS });
  try {
    if (probe.handshake.kind !== 'open') throw new ProvisionError(`the agent's conversation-list socket did not open (${probe.handshake.kind}${probe.handshake.kind === 'refused' ? ` ${probe.handshake.status}` : ''})`);
    probe.send({ type: 'get_conversations' });
    const frame = await probe.nextFrame((f) => (f.json as { type?: unknown } | undefined)?.type === 'conversations_list', LIST_TIMEOUT_MS);
    if (!frame) throw new ProvisionError(`no conversations_list within ${LIST_TIMEOUT_MS} ms of get_conversations${probe.closed ? ` (the socket closed with ${probe.closed.code})` : ''}`);
    const list = (frame.json as { conversations?: unknown }).conversations;
    if (!Array.isArray(list)) throw new ProvisionError('conversations_list has no conversations array');
    return list.map((c) => (c as { id?: unknown }).id).filter((id): id is string | number => typeof id === 'string' || typeof id === 'number');
  } finally {
    probe.close();
  }
}
