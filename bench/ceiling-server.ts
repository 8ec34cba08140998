// The ceiling: the least a room-broadcast server can do on this machine. Plain `ws`, rooms from the URL
// (/ws/chat/{id}/), no auth, no storage, no rate limit; every text frame {"message": "..."} is broadcast
// to every socket of the room as {"type": "chat_message", "data": {"id", "content", "created_at"}}, the
// shape the Medmapp fixture file expects. bench/capacity.ts compares the reference server against it.
//
//   node --import tsx bench/ceiling-server.ts [port]
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import type { LoadFixture } from '../load/fixture.ts';

export interface CeilingServer {
  baseUrl: string;
  wsUrl: string;
  close(): Promise<void>;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };

export async function startCeilingServer(port = 0): Promise<CeilingServer> {
  const rooms = new Map<string, Set<WebSocket>>();
  let nextId = 1;
  const http: Server = createServer((_req, res) => {
    res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  http.on('upgrade', (req, socket, head) => {
    const match = /^\/ws\/chat\/([^/?]+)\/?(?:\?|$)/.exec(req.url ?? '');
    if (!match) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const key = match[1];
      let room = rooms.get(key);
      if (!room) rooms.set(key, (room = new Set()));
      room.add(ws);
      ws.on('close', () => {
        room.delete(ws);
        if (room.size === 0) rooms.delete(key);
      });
      ws.on('message', (raw, isBinary) => {
        if (isBinary) return;
        let body: { message?: unknown };
        try {
          body = JSON.parse(raw.toString());
        } catch {
          return;
        }
        if (typeof body.message !== 'string') return;
        const content = body.message.replace(/[&<>"']/g, (c) => ESCAPES[c]);
        const frame = JSON.stringify({
          type: 'chat_message',
          data: { id: nextId++, content, type: 'text', created_at: new Date().toISOString() },
        });
        for (const peer of room) if (peer.readyState === peer.OPEN) peer.send(frame);
      });
    });
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  const { port: bound } = http.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${bound}`,
    wsUrl: `ws://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        http.close(() => resolve());
      }),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const server = await startCeilingServer(Number(process.argv[2] ?? 0));
  process.stdout.write(`ceiling server on ${server.wsUrl}/ws/chat/{room}/\n`);
}

/** A fixture for the ceiling server: rooms 1..n with `members` sockets each, Medmapp frame shapes. */
export function ceilingFixture(
  wsUrl: string,
  o: { rooms: number; members: number; rate: number; duration: string; scenario?: 'broadcast' | 'over-limit'; thresholds?: Record<string, string[]> },
): LoadFixture {
  return {
    profile: 'ceiling',
    scenario: o.scenario ?? 'broadcast',
    rooms: Array.from({ length: o.rooms }, (_, r) => ({
      id: r + 1,
      members: Array.from({ length: o.members }, (_, j) => ({ url: `${wsUrl}/ws/chat/${r + 1}/`, label: `member#${r + 1}.${j}` })),
    })),
    send: { template: { message: '$PAYLOAD' } },
    receive: { path: 'data.content', typeField: 'type', typeValue: 'chat_message', echo: true },
    refusal: { path: 'code', value: 'RATE_LIMIT_EXCEEDED' },
    rate: o.rate,
    limit: 5,
    duration: o.duration,
    thresholds: o.thresholds ?? {},
  };
}
