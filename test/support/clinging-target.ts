// A target that holds on to every connection: HTTP answers promise keep-alive for an hour and the server
// never closes them; WebSocket upgrades complete (101) and then every frame, the close frame included, is
// read and ignored, so no close handshake ever finishes. It counts the client's sockets still open, so a
// test can see that the client (not the target) ended them.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ClingingTarget {
  url: string;
  /** TCP connections the client has not closed yet */
  open(): number;
  /** connections ever accepted (HTTP and upgraded) */
  accepted(): number;
  upgrades(): number;
  close(): Promise<void>;
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** `answer(req)` gives each HTTP answer's status and JSON; every answer promises keep-alive. */
export async function clingingTarget(answer: (req: IncomingMessage) => { status: number; json: unknown }): Promise<ClingingTarget> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  let upgrades = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const { status, json } = answer(req);
      const text = JSON.stringify(json);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), connection: 'keep-alive', 'keep-alive': 'timeout=3600' });
      res.end(text);
    });
  });
  // Node's own idle timeouts would close the sockets for us: switch them off.
  server.keepAliveTimeout = 0;
  server.headersTimeout = 0;
  server.requestTimeout = 0;
  server.timeout = 0;
  server.on('connection', (s: Socket) => {
    accepted++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket) => {
    upgrades++;
    const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}${GUID}`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    // Every other socket gets a close frame (4003) whose handshake the server then never finishes: it
    // neither answers the client's close frame nor ends the TCP connection.
    if (upgrades % 2 === 0) socket.write(Buffer.from([0x88, 0x02, 0x0f, 0xa3]));
    socket.on('data', () => {}); // frames, close frames included, are read and ignored
    socket.on('end', () => {}); // a half-close from the client is not answered either
  });
  server.on('clientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    open: () => sockets.size,
    accepted: () => accepted,
    upgrades: () => upgrades,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
