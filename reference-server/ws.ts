// WebSocket plumbing shared by every dialect: the upgrade (auth is decided before it, but the upgrade is
// always accepted and then closed with the code, D-medmapp-08), one Connection per socket, and the room hub
// that turns one bus message into the same bytes for every socket of the room.
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { ServerError, toServerError } from './errors.ts';
import { parseTarget, targetError } from './http.ts';
import { safeError, safeUrl, type Logger } from './log.ts';
import type { Bus, BusMessage } from './bus.ts';
import type { Id } from './store.ts';

export const MAX_PAYLOAD = 64 * 1024;
/** A socket whose unsent bytes exceed this is a slow consumer: closed with 1013 instead of growing memory. */
export const MAX_BUFFERED = 1 << 20;

export interface Admission<S> {
  roomKey: string;
  userId: Id;
  state: S;
}

export interface SocketDialect<S> {
  /** True when the path belongs to this dialect's WebSocket endpoint; other upgrade paths get HTTP 404. */
  matches(pathname: string): boolean;
  /** Authenticates and authorizes before the upgrade; throws a ServerError whose close code ends the socket. */
  admit(req: IncomingMessage, url: URL): Promise<Admission<S>>;
  /** An HTTP status to refuse the handshake with instead of accept-then-close (a fault switch), or undefined. */
  refuseStatus?(err: ServerError): number | undefined;
  onMessage(conn: Connection<S>, data: Buffer, isBinary: boolean): void;
  onClose?(conn: Connection<S>): void;
}

let connectionSeq = 0;

export class Connection<S = unknown> {
  readonly id = `c${++connectionSeq}`;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly ws: WebSocket,
    readonly roomKey: string,
    readonly userId: Id,
    readonly state: S,
    private readonly log: Logger,
  ) {}

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends one text frame; the same Buffer may be handed to many connections (no copy, no re-encoding). */
  send(frame: Buffer | string): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED) {
      this.log.warn({ event: 'ws-slow-consumer', conn: this.id, buffered: this.ws.bufferedAmount });
      this.close(new ServerError('SLOW_CONSUMER'));
      return;
    }
    this.ws.send(frame, { binary: false, compress: false });
  }

  close(err: ServerError): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.close(err.closeCode ?? 4500, err.message.slice(0, 120));
    }
  }

  /**
   * Runs async work in arrival order for this connection, so replies and broadcasts keep the order of the
   * frames that caused them. A failure closes the socket with INTERNAL (4500).
   */
  run(task: () => Promise<void>): void {
    this.tail = this.tail.then(task).catch((err: unknown) => {
      this.log.error({ event: 'ws-internal', conn: this.id, err: safeError(err) });
      this.close(new ServerError('INTERNAL'));
    });
  }
}

/**
 * Local sockets per room; subscribes to the bus while a room has at least one local socket or a socket
 * on its way in (held between admission and the end of the handshake).
 */
class Hub {
  private readonly rooms = new Map<string, { conns: Set<Connection<unknown>>; holds: number; unsubscribe: () => void }>();

  constructor(private readonly bus: Bus) {}

  /** Subscribes the room if needed and keeps it subscribed until the returned release() is called. */
  hold(roomKey: string): () => void {
    let room = this.rooms.get(roomKey);
    if (!room) {
      const conns = new Set<Connection<unknown>>();
      const unsubscribe = this.bus.subscribe(roomKey, (msg) => this.deliver(conns, msg));
      this.rooms.set(roomKey, (room = { conns, holds: 0, unsubscribe }));
    }
    room.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      room.holds--;
      this.drop(roomKey);
    };
  }

  /** Joins a connection whose room is held. */
  join(conn: Connection<unknown>): void {
    this.rooms.get(conn.roomKey)?.conns.add(conn);
  }

  leave(conn: Connection<unknown>): void {
    this.rooms.get(conn.roomKey)?.conns.delete(conn);
    this.drop(conn.roomKey);
  }

  private drop(roomKey: string): void {
    const room = this.rooms.get(roomKey);
    if (room && room.conns.size === 0 && room.holds === 0) {
      room.unsubscribe();
      this.rooms.delete(roomKey);
    }
  }

  // The hot path: the frame was serialized once by the publisher; it is encoded to bytes once here and
  // the same Buffer goes to every socket (ws then only prepends a 2-10 byte header per socket). Framing once
  // with Sender.frame and writing to the raw sockets would save the headers too, but bypasses ws's own
  // send queue and bufferedAmount bookkeeping.
  private deliver(conns: Set<Connection<unknown>>, msg: BusMessage): void {
    const bytes = Buffer.from(msg.frame, 'utf8');
    for (const conn of conns) if (conn.id !== msg.exclude) conn.send(bytes);
  }
}

export interface WsOptions<S> {
  dialect: SocketDialect<S>;
  bus: Bus;
  log: Logger;
  isClosing(): boolean;
  /** Extra headers on every 101 response (a cluster worker names itself: `x-chatconform-worker`). */
  upgradeHeaders?: Record<string, string>;
}

export class SocketServer<S> {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD, perMessageDeflate: false, clientTracking: true });
  private readonly hub: Hub;

  constructor(private readonly opts: WsOptions<S>) {
    this.hub = new Hub(opts.bus);
    const extra = Object.entries(opts.upgradeHeaders ?? {});
    if (extra.length > 0) this.wss.on('headers', (headers: string[]) => headers.push(...extra.map(([k, v]) => `${k}: ${v}`)));
  }

  /** The http.Server 'upgrade' listener; like a request, an upgrade never throws out of here. */
  readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    try {
      socket.on('error', () => socket.destroy());
      const url = parseTarget(req.url);
      const refused = targetError(req.url, url);
      if (refused) return refuse(socket, refused.status ?? 400, refused.message);
      if (this.opts.isClosing()) return refuse(socket, 503, 'Service Unavailable');
      if (!this.opts.dialect.matches(url!.pathname)) return refuse(socket, 404, 'Not Found');
      this.opts.dialect.admit(req, url!).then(
        (admission) => this.accept(req, socket, head, admission),
        (thrown: unknown) => this.reject(req, socket, head, toServerError(thrown)),
      ).catch((err: unknown) => this.internal(req, socket, err));
    } catch (err) {
      this.internal(req, socket, err);
    }
  };

  private internal(req: IncomingMessage, socket: Duplex, err: unknown): void {
    this.opts.log.error({ event: 'ws-upgrade-internal', path: safeUrl(req.url), err: safeError(err) });
    socket.destroy();
  }

  private async accept(req: IncomingMessage, socket: Duplex, head: Buffer, admission: Admission<S>): Promise<void> {
    const release = this.hub.hold(admission.roomKey);
    await this.opts.bus.ready(admission.roomKey);
    if (socket.destroyed) return release();
    if (this.opts.isClosing()) {
      release();
      return refuse(socket, 503, 'Service Unavailable');
    }
    socket.once('close', release); // a handshake that ws aborts never reaches the callback
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const conn = new Connection<S>(ws, admission.roomKey, admission.userId, admission.state, this.opts.log);
      const log = this.opts.log;
      this.hub.join(conn as Connection<unknown>);
      release();
      log.info({ event: 'ws-open', conn: conn.id, path: safeUrl(req.url), user: admission.userId, room: admission.roomKey });
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        try {
          this.opts.dialect.onMessage(conn, data, isBinary);
        } catch (err) {
          log.error({ event: 'ws-internal', conn: conn.id, err: safeError(err) });
          conn.close(new ServerError('INTERNAL'));
        }
      });
      // ws reports protocol errors (e.g. a frame over maxPayload) here and closes the socket itself (1009).
      ws.on('error', (err) => log.info({ event: 'ws-protocol-error', conn: conn.id, err: safeError(err) }));
      ws.on('close', (code: number) => {
        this.hub.leave(conn as Connection<unknown>);
        try {
          this.opts.dialect.onClose?.(conn);
        } catch (err) {
          log.error({ event: 'ws-internal', conn: conn.id, err: safeError(err) });
        }
        log.info({ event: 'ws-close', conn: conn.id, code });
      });
    });
  }

  private reject(req: IncomingMessage, socket: Duplex, head: Buffer, err: ServerError): void {
    if (err.code === 'INTERNAL') this.opts.log.error({ event: 'ws-admit-internal', path: safeUrl(req.url), err: safeError(err.cause ?? err) });
    this.opts.log.info({ event: 'ws-refused', path: safeUrl(req.url), code: err.code, close: err.closeCode });
    if (socket.destroyed) return;
    const status = this.opts.dialect.refuseStatus?.(err);
    if (status !== undefined) return refuse(socket, status, status === 403 ? 'Forbidden' : 'Error');
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => {});
      ws.close(err.closeCode ?? 4500, err.message.slice(0, 120));
    });
  }

  /** Closes every socket with the error's close code (1001) and waits at most `graceMs` for the handshakes. */
  async closeAll(err = new ServerError('SHUTTING_DOWN'), graceMs = 2000): Promise<void> {
    const open = [...this.wss.clients];
    await Promise.all(
      open.map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === WebSocket.CLOSED) return resolve();
            const timer = setTimeout(() => ws.terminate(), graceMs);
            ws.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            if (ws.readyState === WebSocket.OPEN) ws.close(err.closeCode ?? 1001, err.message);
          }),
      ),
    );
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

function refuse(socket: Duplex, status: number, text: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ detail: text });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
