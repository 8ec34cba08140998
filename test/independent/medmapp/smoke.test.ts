import { describe, it, expect } from 'vitest';
import WebSocket from 'ws';
import { start } from './server';

describe('medmapp independent server (smoke)', () => {
  it('logs in, lists conversations, and round-trips a chat message over WebSocket', async () => {
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

      const list = await fetch(`${srv.baseUrl}/api/conversations/`, { headers: { Authorization: `Bearer ${access}` } });
      expect(list.status).toBe(200);
      const body = (await list.json()) as { count: number; results: Array<{ id: number }> };
      expect(body.results.map((c) => c.id)).toContain(t.fixtures.conversation);

      const ws = new WebSocket(`${t.wsUrl}/ws/chat/${t.fixtures.conversation}/?token=${access}`);
      const frame = await new Promise<any>((resolve, reject) => {
        ws.on('open', () => ws.send(JSON.stringify({ message: 'Salom, doktor!' })));
        ws.on('message', (d) => resolve(JSON.parse(String(d))));
        ws.on('error', reject);
        setTimeout(() => reject(new Error('no frame')), 2000);
      });
      expect(frame.type).toBe('chat_message');
      expect(frame.data.content).toBe('Salom, doktor!');
      expect(frame.data.sender.id).toBe(t.users.patient.id);
      ws.close();

      const bad = new WebSocket(`${t.wsUrl}/ws/chat/${t.fixtures.conversation}/`);
      const code = await new Promise<number>((resolve) => bad.on('close', (c) => resolve(c)));
      expect(code).toBe(4001);
    } finally {
      await srv.close();
    }
  });
});
