// Hostile targets on loopback, for proving the probes never hang or crash: a TCP server that never
// answers, an HTTP server that refuses upgrades, one that sends garbage frames, one that floods.
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

export interface Hostile {
  url: string;
  close(): Promise<void>;
}

function listen(server: Server | TcpServer, sockets: Set<Socket>): Promise<number> {
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function closer(server: Server | TcpServer, sockets: Set<Socket>): () => Promise<void> {
  return () => new Promise((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  });
}

/** Accepts TCP and never says a word. */
export async function silent(): Promise<Hostile> {
  const sockets = new Set<Socket>();
  const server = createTcpServer(() => {});
  const port = await listen(server, sockets);
  return { url: `http://127.0.0.1:${port}`, close: closer(server, sockets) };
}

/** Answers every request (upgrades included) with `status` and a body. */
export async function refusing(status = 403, body = 'Forbidden'): Promise<Hostile> {
  const sockets = new Set<Socket>();
  const server = createHttpServer((_req, res) => res.writeHead(status, { 'content-type': 'text/html' }).end(body));
  server.on('upgrade', (_req, socket) => socket.end(`HTTP/1.1 ${status} Forbidden\r\ncontent-type: text/plain\r\ncontent-length: ${body.length}\r\n\r\n${body}`));
  const port = await listen(server, sockets);
  return { url: `http://127.0.0.1:${port}`, close: closer(server, sockets) };
}

/** Streams an endless body to plain HTTP requests. */
export async function hugeBody(): Promise<Hostile> {
  const sockets = new Set<Socket>();
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const server = createHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const pump = () => {
      while (res.write(chunk)) if (res.destroyed) return;
      res.once('drain', pump);
    };
    pump();
  });
  const port = await listen(server, sockets);
  return { url: `http://127.0.0.1:${port}`, close: closer(server, sockets) };
}

/** Accepts WebSockets and does `onOpen` with each. */
export async function wsServer(onOpen: (ws: import('ws').WebSocket) => void): Promise<Hostile> {
  const sockets = new Set<Socket>();
  const server = createHttpServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server });
  wss.on('connection', onOpen);
  const port = await listen(server, sockets);
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      await closer(server, sockets)();
    },
  };
}

/**
 * Answers every HTTP request with garbage (random statuses, broken JSON, HTML, a huge body now and then)
 * and every WebSocket with garbage frames and a flood; never closes on its own.
 */
export async function garbage(): Promise<Hostile> {
  const sockets = new Set<Socket>();
  let n = 0;
  const server = createHttpServer((_req, res) => {
    const kind = n++ % 4;
    if (kind === 0) return res.writeHead(200, { 'content-type': 'application/json' }).end('{"count": 3, "results": [');
    if (kind === 1) return res.writeHead(500, { 'content-type': 'text/html' }).end('<html><script>alert(1)</script></html>');
    if (kind === 2) return res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ access: 123, id: { nested: [] } }));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(Buffer.alloc(2 << 20, '['));
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws) => {
    ws.send('not json at all');
    ws.send(Buffer.from([0, 1, 2, 3]), { binary: true });
    ws.send('{"type":"chat_message","data":null}');
    for (let i = 0; i < 2000; i++) ws.send(`{"error":${i}}`);
  });
  const port = await listen(server, sockets);
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      await closer(server, sockets)();
    },
  };
}
