// A SocketServer on a real port with test endpoints at a profile's socket paths, and a client that records
// frames: for the shared socket plumbing (several endpoints, rooms, close codes) without a dialect.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { WebSocket } from 'ws';
import type { DialectProfile } from '../../core/profiles.ts';
import type { Bus } from '../../reference-server/bus.ts';
import { ServerError } from '../../reference-server/errors.ts';
import { SocketServer, bindEndpoints, type Connection, type SocketEndpoint } from '../../reference-server/ws.ts';

export interface RigState {
  params: Record<string, string>;
}

/**
 * An endpoint that admits `?token=ok` into the rooms named by `?room=` (repeatable), refuses no token with
 * AUTH_MISSING, `?token=fault` with a fault's explicit 4500, and a `chat` path that does not match its
 * template with BAD_WS_PATH. Frames: `join:<room>`,
 * `leave:<room>`, `rooms`; anything else is answered `{op, params, echo}`.
 */
export function rigEndpoint(op: string): SocketEndpoint<RigState> {
  return {
    op,
    async admit(_req, url, params) {
      const token = url.searchParams.get('token');
      if (!token) throw new ServerError('AUTH_MISSING');
      if (token !== 'ok') throw new ServerError('TOKEN_INVALID', token === 'fault' ? { close: 4500 } : {});
      if (op === 'chat' && !params.id) throw new ServerError('BAD_WS_PATH');
      return { rooms: url.searchParams.getAll('room'), userId: 1, state: { params } };
    },
    onMessage(conn: Connection<RigState>, data) {
      const text = data.toString('utf8');
      const [verb, room] = text.split(':');
      if (verb === 'join' && room) return void conn.join(room).then(() => conn.send(`joined:${room}`));
      if (verb === 'leave' && room) {
        conn.leave(room);
        return conn.send(`left:${room}`);
      }
      if (verb === 'rooms') return conn.send(JSON.stringify([...conn.rooms].sort()));
      conn.send(JSON.stringify({ op, params: conn.state.params, echo: text }));
    },
  };
}

export interface Rig {
  wsUrl: string;
  close(): Promise<void>;
}

export async function startRig(opts: { profile: DialectProfile; endpoints: SocketEndpoint<RigState>[]; bus: Bus; closeCodeOf?: (err: ServerError) => number }): Promise<Rig> {
  const sockets = new SocketServer({
    endpoints: bindEndpoints(opts.profile, opts.endpoints as SocketEndpoint<unknown>[]),
    bus: opts.bus,
    log: pino({ enabled: false }),
    isClosing: () => false,
    ...(opts.closeCodeOf ? { closeCodeOf: opts.closeCodeOf } : {}),
  });
  const server: Server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', sockets.onUpgrade);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    wsUrl: `ws://127.0.0.1:${port}`,
    async close() {
      await sockets.closeAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface Client {
  ws: WebSocket;
  frames: string[];
  /** Resolves with the frames once one equals `frame` (rejects after `ms`). */
  until(frame: string, ms?: number): Promise<string[]>;
  send(text: string): void;
}

/**
 * Opens a socket that is admitted: open, and still open after a ping/pong round trip (the server accepts
 * every upgrade before it closes a refused one). Rejects with the close code or HTTP status otherwise.
 */
export function admitted(url: string, ms = 5000): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const frames: string[] = [];
    const waiters: (() => void)[] = [];
    const timer = setTimeout(() => reject(new Error(`no admission within ${ms} ms: ${url}`)), ms);
    ws.on('message', (data) => {
      frames.push(data.toString());
      for (const w of waiters.splice(0)) w();
    });
    ws.on('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode }));
    });
    ws.on('close', (code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`closed ${code}`), { code }));
    });
    ws.on('error', () => {});
    ws.on('open', () => {
      ws.ping();
      ws.once('pong', () => {
        clearTimeout(timer);
        resolve({
          ws,
          frames,
          send: (text) => ws.send(text),
          until: (frame, wait = 5000) =>
            new Promise((done, fail) => {
              const t = setTimeout(() => fail(new Error(`no '${frame}' within ${wait} ms; got ${JSON.stringify(frames)}`)), wait);
              const check = () => {
                if (frames.includes(frame)) {
                  clearTimeout(t);
                  done([...frames]);
                } else waiters.push(check);
              };
              check();
            }),
        });
      });
    });
  });
}

/** The close code of a refused socket, or its HTTP status when the handshake itself is refused. */
export async function refusal(url: string): Promise<{ code?: number; status?: number }> {
  try {
    const c = await admitted(url);
    c.ws.close();
    return {};
  } catch (err) {
    const { code, status } = err as { code?: number; status?: number };
    return { ...(code !== undefined ? { code } : {}), ...(status !== undefined ? { status } : {}) };
  }
}
