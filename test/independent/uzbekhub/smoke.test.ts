import { describe, it, expect } from 'vitest';
import { WebSocket } from 'ws';
import { start } from './server.ts';

describe('uzbekhub independent server: smoke', () => {
  it('signs in, lists messages over REST and round-trips a chat_message over WebSocket', async () => {
    const srv = await start({ port: 0 });
    try {
      const target = srv.target as {
        wsUrl: string;
        users: Record<string, { credentials: Record<string, string>; id: number }>;
        fixtures: { room: string; privateRoom: string };
      };

      // sign in (Accounts item 3)
      const login = await fetch(`${srv.baseUrl}/api/accounts/auth/signin/`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(target.users.member.credentials),
      });
      expect(login.status).toBe(200);
      const lj = (await login.json()) as { status: boolean; email: string; token: { access: string; refresh: string } };
      expect(lj.status).toBe(true);
      expect(typeof lj.token.access).toBe('string');
      expect(typeof lj.token.refresh).toBe('string');
      const access = lj.token.access;

      // one REST call: history of the fixture room (limit/offset pagination)
      const list = await fetch(`${srv.baseUrl}/api/chat/message/${target.fixtures.room}/list_by_room/?limit=20&offset=0`, {
        headers: { Authorization: `Bearer ${access}` },
      });
      expect(list.status).toBe(200);
      const page = (await list.json()) as { count: number; next: string | null; previous: null; results: unknown[] };
      expect(page.count).toBeGreaterThan(120);
      expect(page.results).toHaveLength(20);
      expect(page.next).toMatch(/limit=20&offset=20$/);
      expect(page.previous).toBeNull();

      // no token -> documented 401 body
      const anon = await fetch(`${srv.baseUrl}/api/chat/rooms/`);
      expect(anon.status).toBe(401);
      expect(await anon.json()).toEqual({ detail: 'Authentication credentials were not provided.' });

      // one WebSocket round trip
      const ws = new WebSocket(`${target.wsUrl}/ws/chat/${target.fixtures.room}/`, {
        headers: { Authorization: `Bearer ${access}` },
      });
      const frame = await new Promise<Record<string, unknown>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no frame')), 2000);
        ws.on('error', reject);
        ws.on('open', () => ws.send(JSON.stringify({ type: 'chat_message', message: 'Hello!', reply_to: null, files: [] })));
        ws.on('message', (d) => {
          clearTimeout(timer);
          resolve(JSON.parse(String(d)));
        });
      });
      expect(frame.type).toBe('chat_message');
      expect(frame.message).toBe('Hello!');
      expect(frame.text).toBe('Hello!');
      expect((frame.sender as { id: number }).id).toBe(target.users.member.id);
      ws.close();
    } finally {
      await srv.close();
    }
  }, 5000);
});
