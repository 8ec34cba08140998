import { describe, it, expect } from 'vitest';
import WebSocket from 'ws';
import { start } from './server';

describe('carechat independent server (smoke)', () => {
  it('logs in, gets the chat over REST, and round-trips a message over WebSocket', async () => {
    const srv = await start({ port: 0 });
    try {
      const t = srv.target as any;
      const login = await fetch(`${srv.baseUrl}/api/token/`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(t.users.patient.credentials),
      });
      expect(login.status).toBe(200);
      const { access, refresh } = (await login.json()) as { access: string; refresh: string };
      expect(typeof access).toBe('string');
      expect(typeof refresh).toBe('string');

      // create-or-get returns the existing fixture chat
      const chatRes = await fetch(`${srv.baseUrl}/chat/chats/`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${access}` },
        body: JSON.stringify({ professional: t.users.professional.id }),
      });
      expect(chatRes.status).toBe(200);
      const chat = (await chatRes.json()) as { id: string };
      expect(chat.id).toBe(t.fixtures.chat);

      const ws = new WebSocket(`${t.wsUrl}/ws/chat/${chat.id}/?token=${access}`);
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      const frame = new Promise<any>((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))));
      ws.send(JSON.stringify({ content: 'Hello, doctor!' }));
      const got = await frame;
      expect(got.message.content).toBe('Hello, doctor!');
      expect(got.message.sender_type).toBe('patient');
      expect(got.message.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

      const errFrame = new Promise<any>((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))));
      ws.send('   ');
      expect(await errFrame).toEqual({ error: 'Invalid JSON' });

      ws.close();
    } finally {
      await srv.close();
    }
  }, 3000);
});
