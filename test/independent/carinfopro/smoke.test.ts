import { describe, it, expect } from 'vitest';
import WebSocket from 'ws';
import { start } from './server';

describe('carinfopro independent server (smoke)', () => {
  it('logs in, lists rooms, and round-trips a WebSocket message', async () => {
    const srv = await start({ port: 0 });
    try {
      const t = srv.target as any;
      const room: string = t.fixtures.room;

      // login
      const lr = await fetch(`${srv.baseUrl}/api/token/`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(t.users.owner.credentials),
      });
      expect(lr.status).toBe(200);
      const { access } = (await lr.json()) as { access: string };
      expect(typeof access).toBe('string');

      // REST: rooms list
      const rr = await fetch(`${srv.baseUrl}/api/chat/rooms/`, { headers: { Authorization: `Bearer ${access}` } });
      expect(rr.status).toBe(200);
      const rooms = (await rr.json()) as Array<{ id: string; owner_id: string }>;
      expect(rooms.map((r) => r.id)).toContain(room);
      expect(rooms.every((r) => r.owner_id === t.users.owner.id)).toBe(true);

      // REST without auth -> 401
      expect((await fetch(`${srv.baseUrl}/api/chat/rooms/`)).status).toBe(401);

      // WebSocket: owner and visitor in the fixture room
      const open = (q: string) =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(`${t.wsUrl}/ws/chat/${room}/?${q}`);
          ws.once('open', () => resolve(ws));
          ws.once('error', reject);
        });
      const ownerWs = await open(`token=${encodeURIComponent(access)}`);
      const visitorWs = await open(`visitor=${encodeURIComponent(t.users.visitor.token)}`);
      const got = new Promise<any>((resolve) => ownerWs.once('message', (d) => resolve(JSON.parse(d.toString()))));
      visitorWs.send(JSON.stringify({ message: 'Salom' }));
      const frame = await got;
      expect(frame).toMatchObject({ room_id: room, sender_type: 'visitor', message: 'Salom' });
      expect(typeof frame.id).toBe('string');
      expect(typeof frame.created_at).toBe('string');

      // history contains it under "content"
      const hr = await fetch(
        `${srv.baseUrl}/api/chat/rooms/${room}/messages/?visitor=${encodeURIComponent(t.users.visitor.token)}`,
      );
      expect(hr.status).toBe(200);
      const hist = (await hr.json()) as Array<{ id: string; content: string }>;
      expect(hist[hist.length - 1]).toMatchObject({ id: frame.id, content: 'Salom' });

      ownerWs.close();
      visitorWs.close();
    } finally {
      await srv.close();
    }
  }, 3000);
});
