// Each Fiko variant really takes its other reading on the wire (a variant that changed nothing would pass
// the suite for free): one server per variant, one observation each.
import { afterEach, describe, expect, it } from 'vitest';
import type { FikoVariant } from '../../../reference-server/fiko/variants.ts';
import { api, connect, start, type Client, type Harness } from '../probe.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.server.close();
  h = undefined;
});

async function serve(variant: FikoVariant): Promise<(path: string, role?: string) => Promise<Client>> {
  h = await start({ profile: 'fiko', variants: [variant] });
  const server = h.server;
  const access: Record<string, string> = {};
  return async (path, role = 'agent') => {
    access[role] ??= (await api(server, 'POST', '/api/token/', { body: server.target.users[role]!.credentials })).json.access;
    const c = connect(server, `${path}?token=${access[role]}`, { validateFrames: false });
    return c;
  };
}
const ofType = (type: string) => (f: { type?: string }) => f.type === type;

describe('fiko variants', () => {
  it('external-send-result: an agent\'s chat_message says where it was forwarded', async () => {
    const open = await serve('external-send-result');
    const c = await open('/ws/chat/conv_101/');
    await c.waitFor(ofType('recent_messages'));
    c.send({ type: 'chat_message', content: 'hi' });
    expect((await c.waitFor(ofType('chat_message')))[0].external_send_result).toEqual({ success: true, platform: 'telegram' });
  });

  it('external-send-failed: an agent\'s chat_message says the relay to the platform failed', async () => {
    const open = await serve('external-send-failed');
    const c = await open('/ws/chat/conv_101/');
    await c.waitFor(ofType('recent_messages'));
    c.send({ type: 'chat_message', content: 'hi' });
    expect((await c.waitFor(ofType('chat_message')))[0].external_send_result).toEqual({ success: false, error: 'telegram API error: chat not found' });
  });

  it('typing-to-other-users: the colleague hears the agent typing, the agent\'s second socket does not', async () => {
    const open = await serve('typing-to-other-users');
    const [a, a2, c] = [await open('/ws/chat/conv_101/'), await open('/ws/chat/conv_101/'), await open('/ws/chat/conv_101/', 'colleague')];
    for (const x of [a, a2, c]) await x.waitFor(ofType('recent_messages'));
    a.send({ type: 'typing', is_typing: true });
    expect((await c.waitFor(ofType('typing_indicator')))[0]).toMatchObject({ user_id: 7, is_typing: true });
    a.send({ type: 'mark_read' });
    await a2.waitFor(ofType('messages_read'));
    expect(a2.frames.filter(ofType('typing_indicator'))).toEqual([]);
  });

  it('error-without-message: error frames carry `error` alone', async () => {
    const open = await serve('error-without-message');
    const c = await open('/ws/conversations/');
    expect(await c.opened).toBe(true);
    c.send('nope');
    expect((await c.waitFor(ofType('error')))[0]).toEqual({ type: 'error', error: 'Invalid JSON' });
  });

  it('unknown-conversation-4404: a conversation that does not exist closes 4404, another agent\'s still 1008', async () => {
    const open = await serve('unknown-conversation-4404');
    expect(await (await open('/ws/chat/conv_nope/')).admission()).toBe('closed 4404');
    expect(await (await open('/ws/chat/conv_201/')).admission()).toBe('closed 1008');
  });

  it('error-before-refusal: a bad token and another agent\'s conversation are told why, then closed with 1008', async () => {
    const open = await serve('error-before-refusal');
    const bad = connect(h!.server, '/ws/conversations/?token=not-a-jwt', { validateFrames: false });
    expect((await bad.closed).code).toBe(1008);
    expect(bad.frames).toEqual([{ type: 'error', error: 'Authentication required' }]);
    const foreign = await open('/ws/chat/conv_201/');
    expect((await foreign.closed).code).toBe(1008);
    expect(foreign.frames).toEqual([{ type: 'error', error: 'Conversation not found' }]);
  });

  it('no-presence: the colleague comes and goes unannounced', async () => {
    const open = await serve('no-presence');
    const a = await open('/ws/chat/conv_101/');
    await a.waitFor(ofType('recent_messages'));
    const b = await open('/ws/chat/conv_101/', 'colleague');
    await b.waitFor(ofType('recent_messages'));
    b.close();
    await b.closed;
    a.send({ type: 'mark_read' });
    await a.waitFor(ofType('messages_read'));
    expect(a.frames.filter(ofType('user_presence'))).toEqual([]);
  });

  it('recent-20: recent_messages holds the last 20 of the fixture\'s 30', async () => {
    const open = await serve('recent-20');
    const [recent] = await (await open('/ws/chat/conv_101/')).waitFor(ofType('recent_messages'));
    expect(recent.messages).toHaveLength(20);
    expect(recent.messages.at(-1).content).toBe('Yana bir savol bor');
  });

  it('typing-echo: the typing socket gets its own typing_indicator', async () => {
    const open = await serve('typing-echo');
    const c = await open('/ws/chat/conv_101/');
    await c.waitFor(ofType('recent_messages'));
    c.send({ type: 'typing', is_typing: true });
    expect((await c.waitFor(ofType('typing_indicator')))[0]).toMatchObject({ user_id: 7, is_typing: true });
  });

  it('local-time-offset: timestamps carry +05:00 and name the same instant', async () => {
    const open = await serve('local-time-offset');
    const [recent] = await (await open('/ws/chat/conv_101/')).waitFor(ofType('recent_messages'));
    expect(recent.timestamp).toMatch(/\+05:00$/);
    expect(recent.messages[0].created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+05:00$/);
    expect(Math.abs(Date.parse(recent.timestamp) - Date.now())).toBeLessThan(60_000);
  });

  it('content-trimmed: content is stored without its surrounding blanks', async () => {
    const open = await serve('content-trimmed');
    const c = await open('/ws/chat/conv_101/');
    await c.waitFor(ofType('recent_messages'));
    c.send({ type: 'chat_message', content: '  padded  ' });
    expect((await c.waitFor(ofType('chat_message')))[0].message.content).toBe('padded');
  });
});
