import { describe, it, expect } from 'vitest';
import WebSocket from 'ws';
import { start } from './server.ts';

type Frame = Record<string, any>;

function open(url: string): Promise<{ ws: WebSocket; next: (type: string) => Promise<Frame> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const frames: Frame[] = [];
    const waiters: Array<{ type: string; resolve: (f: Frame) => void }> = [];
    ws.on('message', (d) => {
      const f = JSON.parse(String(d));
      const i = waiters.findIndex((w) => w.type === f.type);
      if (i >= 0) waiters.splice(i, 1)[0].resolve(f);
      else frames.push(f);
    });
    const next = (type: string) =>
      new Promise<Frame>((res, rej) => {
        const i = frames.findIndex((f) => f.type === type);
        if (i >= 0) return res(frames.splice(i, 1)[0]);
        const t = setTimeout(() => rej(new Error(`timeout waiting for ${type}`)), 1500);
        waiters.push({ type, resolve: (f) => (clearTimeout(t), res(f)) });
      });
    ws.once('open', () => resolve({ ws, next }));
    ws.once('error', reject);
  });
}

describe('fiko independent server (smoke)', () => {
  it('logs in, lists conversations, chats over WebSocket', async () => {
    const srv = await start({ port: 0 });
    try {
      const t = srv.target as any;
      const login = await fetch(`${srv.baseUrl}/api/token/`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(t.users.agent.credentials),
      });
      expect(login.status).toBe(200);
      const { access, refresh } = await login.json();
      expect(typeof access).toBe('string');
      expect(typeof refresh).toBe('string');

      const bad = await fetch(`${srv.baseUrl}/api/token/`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'agent', password: 'wrong' }),
      });
      expect(bad.status).toBe(401);

      const list = await open(`${t.wsUrl}/ws/conversations/?token=${access}`);
      list.ws.send(JSON.stringify({ type: 'get_conversations' }));
      const cl = await list.next('conversations_list');
      const conv = cl.conversations.find((c: any) => c.id === t.fixtures.conversation);
      expect(conv.unread_count).toBeGreaterThan(0);

      const chat = await open(`${t.wsUrl}/ws/chat/${t.fixtures.conversation}/?token=${access}`);
      const recent = await chat.next('recent_messages');
      expect(recent.messages.length).toBeGreaterThan(0);
      chat.ws.send(JSON.stringify({ type: 'chat_message', content: 'hello from smoke' }));
      const echo = await chat.next('chat_message');
      expect(echo.message.content).toBe('hello from smoke');
      expect(echo.message.type).toBe('support');
      expect(echo.external_send_result).toEqual({ success: true, platform: 'telegram' });
      expect((await list.next('conversation_updated')).conversation_id).toBe(t.fixtures.conversation);

      chat.ws.send(JSON.stringify({ type: 'chat_message', content: '   ' }));
      expect((await chat.next('error')).error).toBe('Message content cannot be empty');

      const hook = await fetch(`${srv.baseUrl}${t.hooks.customerMessage.http.path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ conversation: t.fixtures.conversation, text: 'customer says hi' }),
      });
      expect(hook.status).toBe(201);
      expect((await list.next('new_customer_message')).message.content).toBe('customer says hi');
      expect((await chat.next('chat_message')).message.type).toBe('customer');

      const denied = new WebSocket(`${t.wsUrl}/ws/conversations/?token=${t.users.agent.expiredToken}`);
      const code = await new Promise((r) => denied.once('close', (c) => r(c)));
      expect(code).toBe(1008);

      list.ws.close();
      chat.ws.close();
    } finally {
      await srv.close();
    }
  });
});
