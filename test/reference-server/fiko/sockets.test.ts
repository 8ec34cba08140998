// Document 001 on the reference server: who may open which socket (1008 after accepting, D-fiko-02/03),
// which socket takes which frame (D-fiko-05), recent_messages before any broadcast (D-fiko-06), the
// customer-message hook (D-fiko-13) and presence (D-fiko-10). Every frame is checked against its schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../reference-server/index.ts';
import { api, connect, expectSchema, start, type Client, type Harness } from '../probe.ts';

type Role = 'agent' | 'colleague' | 'outsider';
const SCHEMA: Record<string, string> = {
  conversations_list: 'fiko/ws-out-conversations-list', new_customer_message: 'fiko/ws-out-new-customer-message',
  conversation_updated: 'fiko/ws-out-conversation-updated', chat_message: 'fiko/ws-out-chat-message',
  recent_messages: 'fiko/ws-out-recent-messages', typing_indicator: 'fiko/ws-out-typing-indicator',
  messages_read: 'fiko/ws-out-messages-read', user_presence: 'fiko/ws-out-user-presence', error: 'fiko/ws-out-error',
};

let h: Harness;
const tokens = {} as Record<Role, { access: string; refresh: string }>;
beforeAll(async () => {
  h = await start({ profile: 'fiko' });
  for (const role of ['agent', 'colleague', 'outsider'] as const) {
    const res = await api(h.server, 'POST', '/api/token/', { body: h.server.target.users[role]!.credentials, schema: 'fiko/token-response' });
    expect(res.status).toBe(200);
    tokens[role] = res.json;
  }
});
afterAll(() => h.server.close());

function socket(server: RunningServer, path: string): Client {
  const client = connect(server, path, { validateFrames: false });
  client.ws.on('message', (data) => {
    const frame = JSON.parse(String(data));
    expectSchema(SCHEMA[frame.type] ?? 'fiko/ws-out-error', frame);
  });
  return client;
}
const list = (role: Role = 'agent') => socket(h.server, `/ws/conversations/?token=${tokens[role].access}`);
const chat = (role: Role = 'agent', id = 'conv_101') => socket(h.server, `/ws/chat/${id}/?token=${tokens[role].access}`);
const ofType = (type: string) => (f: { type?: string }) => f.type === type;
const customerWrites = (conversation: string, text: string) => api(h.server, 'POST', '/_chatconform/fiko/customer-message', { body: { conversation, text } });

describe('admission (D-fiko-02, D-fiko-03)', () => {
  it('accepts the upgrade, then closes with 1008 before any frame, on both sockets', async () => {
    const expired = h.server.target.users.agent!.expiredToken!;
    const bad = ['', '?token=garbage', `?token=${tokens.agent.refresh}`, `?token=${expired}`];
    const cases = [...bad.map((q) => `/ws/conversations/${q}`), ...bad.map((q) => `/ws/chat/conv_101/${q}`), `/ws/chat/conv_201/?token=${tokens.agent.access}`, `/ws/chat/conv_101/?token=${tokens.outsider.access}`, `/ws/chat/nope/?token=${tokens.agent.access}`];
    for (const path of cases) {
      const c = socket(h.server, path);
      expect(await c.opened, path).toBe(true);
      expect(await c.admission(), path).toBe('closed 1008');
      expect(c.frames, path).toEqual([]);
    }
    for (const c of [list(), chat(), chat('colleague')]) {
      expect(await c.admission()).toBe('admitted');
      c.close();
    }
  });
});

describe('frames (D-fiko-05, -06, -14, -19)', () => {
  it('lists only the agent\'s conversations, by updated_at descending, for both list frames', async () => {
    const c = list();
    expect(await c.admission()).toBe('admitted');
    for (const type of ['get_conversations', 'refresh_conversations']) {
      c.send({ type });
      const [frame] = (await c.waitFor(ofType('conversations_list'), type === 'get_conversations' ? 1 : 2)).slice(-1);
      const ids = frame.conversations.map((x: { id: string }) => x.id);
      expect(ids.sort()).toEqual(['conv_101', 'conv_102', 'conv_103']);
      const times = frame.conversations.map((x: { updated_at: string }) => Date.parse(x.updated_at));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
    }
    const o = list('outsider');
    expect(await o.admission()).toBe('admitted');
    o.send({ type: 'get_conversations' });
    const [theirs] = await o.waitFor(ofType('conversations_list'));
    expect(theirs.conversations.map((x: { id: string }) => x.id)).toEqual(['conv_201']);
    c.close();
    o.close();
  });

  it('answers a frame of the other socket, an unknown type, invalid JSON and empty content with error frames, and stays open', async () => {
    const l = list();
    const c = chat();
    await c.waitFor(ofType('recent_messages'));
    expect(await l.admission()).toBe('admitted');
    l.send({ type: 'chat_message', content: 'wrong socket' });
    l.send('{nope');
    c.send({ type: 'get_conversations' });
    c.send({ type: 'chat_message', content: '   ' });
    c.send({ type: 'chat_message', content: 42 });
    c.send({ type: 'whatever' });
    expect((await l.waitFor(ofType('error'), 2)).map((f) => f.error)).toEqual(['Unknown message type', 'Invalid JSON']);
    expect((await c.waitFor(ofType('error'), 4)).map((f) => f.error)).toEqual(['Unknown message type', 'Message content cannot be empty', 'Message content cannot be empty', 'Unknown message type']);
    expect(c.frames.filter(ofType('chat_message'))).toEqual([]);
    expect(await c.admission()).toBe('admitted');
    l.close();
    c.close();
  });

  it('sends recent_messages first, oldest first, even while messages are broadcast', async () => {
    const sender = chat();
    await sender.waitFor(ofType('recent_messages'));
    const late: Client[] = [];
    for (let i = 0; i < 20; i++) {
      sender.send({ type: 'chat_message', content: `burst ${i}` });
      if (i % 4 === 0) late.push(chat());
    }
    await sender.waitFor((f) => f.type === 'chat_message' && f.message.content === 'burst 19');
    for (const c of late) {
      await c.waitFor(ofType('recent_messages'));
      expect(c.frames[0].type).toBe('recent_messages');
      const times = c.frames[0].messages.map((m: { created_at: string }) => Date.parse(m.created_at));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      c.close();
    }
    sender.close();
  });
});

describe('the customer-message hook (D-fiko-13)', () => {
  it('refuses a bad body (400) and an unknown conversation (404)', async () => {
    expect((await api(h.server, 'POST', '/_chatconform/fiko/customer-message', { body: { conversation: 'conv_101' } })).status).toBe(400);
    expect((await customerWrites('conv_nope', 'hi')).status).toBe(404);
  });

  it('stores the message, tells the chat sockets and the list sockets of every agent of the conversation, and counts it unread', async () => {
    const [agentList, colleagueList, outsiderList, agentChat] = [list(), list('colleague'), list('outsider'), chat()];
    await agentChat.waitFor(ofType('recent_messages'));
    for (const c of [agentList, colleagueList, outsiderList]) expect(await c.admission()).toBe('admitted');
    agentList.send({ type: 'get_conversations' });
    const before = (await agentList.waitFor(ofType('conversations_list')))[0].conversations.find((x: { id: string }) => x.id === 'conv_101').unread_count;
    expect((await customerWrites('conv_101', 'from telegram')).status).toBe(201);
    const [message] = await agentChat.waitFor(ofType('chat_message'));
    expect(message.message).toMatchObject({ content: 'from telegram', type: 'customer', customer: { first_name: 'John', last_name: 'Doe' } });
    for (const c of [agentList, colleagueList]) {
      const [notified] = await c.waitFor(ofType('new_customer_message'));
      expect(notified).toMatchObject({ conversation_id: 'conv_101', message: { id: message.message.id, type: 'customer' } });
      await c.waitFor(ofType('conversation_updated'));
    }
    expect(outsiderList.frames).toEqual([]);
    agentList.send({ type: 'get_conversations' });
    const after = (await agentList.waitFor(ofType('conversations_list'), 2))[1].conversations.find((x: { id: string }) => x.id === 'conv_101').unread_count;
    expect(after).toBe(before + 1);
    agentChat.send({ type: 'mark_read' });
    expect((await agentChat.waitFor(ofType('messages_read')))[0].user_id).toBe(7);
    agentList.send({ type: 'get_conversations' });
    expect((await agentList.waitFor(ofType('conversations_list'), 3))[2].conversations.find((x: { id: string }) => x.id === 'conv_101').unread_count).toBe(0);
    for (const c of [agentList, colleagueList, outsiderList, agentChat]) c.close();
  });
});

describe('typing and presence (D-fiko-08, D-fiko-10)', () => {
  it('sends typing to the other sockets only, and presence on a user\'s first open and last close', async () => {
    const a = chat();
    const b = chat();
    await Promise.all([a.waitFor(ofType('recent_messages')), b.waitFor(ofType('recent_messages'))]);
    a.send({ type: 'typing', is_typing: true });
    expect((await b.waitFor(ofType('typing_indicator')))[0]).toMatchObject({ user_id: 7, is_typing: true, conversation_id: 'conv_101' });
    const colleague = chat('colleague');
    expect((await a.waitFor(ofType('user_presence')))[0]).toMatchObject({ user_id: 8, is_online: true });
    colleague.close();
    expect((await a.waitFor(ofType('user_presence'), 2))[1]).toMatchObject({ user_id: 8, is_online: false });
    expect(a.frames.filter(ofType('typing_indicator'))).toEqual([]);
    a.close();
    b.close();
  });
});
