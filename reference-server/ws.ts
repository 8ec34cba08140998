// WebSocket plumbing shared by every dialect: the upgrade routed to one of the dialect's socket endpoints
// (auth is decided before it, but the upgrade is always accepted and then closed with the code,
// D-medmapp-08), one Connection per socket in any number of rooms, and the room hub that turns one bus
// message into the same bytes for every socket of the room.
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { ServerError, toServerError } from './errors.ts';
import { parseTarget, targetError } from './http.ts';
import { safeError, safeUrl, type Logger } from './log.ts';
import type { Bus, BusMessage } from './bus.ts';
import type { Id } from './store.ts';
import type { DialectProfile } from '../generated/types/meta/profile.ts';
import { socketOwns, templatePattern } from './routes.ts';
import { socketPath } from '../core/profiles.ts';
import { SocketLimiter, type SocketLimit } from './socket-limit.ts';

export const MAX_PAYLOAD = 64 * 1024;
/** A socket whose unsent bytes exceed this is a slow consumer: closed with 1013 instead of growing memory. */
export const MAX_BUFFERED = 1 << 20;

export interface Admission<S> {
  /** The rooms the connection starts in (it may join and leave others later); may be empty. */
  rooms: readonly string[];
  userId: Id;
  state: S;
}

/**
 * One socket endpoint of a dialect. Its path is the profile's (`profile.ws[op].path`); upgrades under
 * no endpoint's path get HTTP 404.
 */
export interface SocketEndpoint<S> {
  /** The profile's socket operation name (a key of `profile.ws`). */
  op: string;
  /**
   * Authenticates and authorizes before the upgrade; throws a ServerError whose close code ends the socket.
   * `params` are the template's variables (`{id}`), empty when the path is under the endpoint but does not match it.
   */
  admit(req: IncomingMessage, url: URL, params: Record<string, string>): Promise<Admission<S>>;
  /** An HTTP status to refuse the handshake with instead of accept-then-close (a fault switch), or undefined. */
  refuseStatus?(err: ServerError): number | undefined;
  /** The error frame a refused socket gets before its close (a variant), or undefined for a bare close. */
  refusalFrame?(err: ServerError): string | undefined;
  onMessage(conn: Connection<S>, data: Buffer, isBinary: boolean): void;
  /**
   * The frame a socket gets first, before any broadcast of its rooms (Fiko's `recent_messages`): broadcasts
   * and replies sent meanwhile wait behind it. Undefined sends nothing first.
   */
  greet?(conn: Connection<S>): Promise<string | undefined>;
  onClose?(conn: Connection<S>): void;
}

/** An endpoint with its path from the profile. */
export interface BoundEndpoint {
  endpoint: SocketEndpoint<unknown>;
  path: string;
  pattern: RegExp;
  owns(pathname: string): boolean;
}

/** The dialect's endpoints at the profile's socket paths. */
export function bindEndpoints(profile: DialectProfile, endpoints: readonly SocketEndpoint<unknown>[]): BoundEndpoint[] {
  const ops = new Set<string>();
  return endpoints.map((endpoint) => {
    if (ops.has(endpoint.op)) throw new Error(`profile ${profile.id}: socket '${endpoint.op}' declared twice`);
    ops.add(endpoint.op);
    const path = socketPath(profile, endpoint.op);
    return { endpoint, path, pattern: templatePattern(path), owns: socketOwns(path) };
  });
}

/**
 * The endpoint of an upgrade path and the template's variables: an exact match first, else the endpoint whose
 * path prefix owns it (longest first), with no variables; undefined for a path of no endpoint.
 */
export function routeUpgrade(bound: readonly BoundEndpoint[], pathname: string): { bound: BoundEndpoint; params: Record<string, string> } | undefined {
  for (const b of bound) {
    const m = b.pattern.exec(pathname);
    if (m) return { bound: b, params: { ...m.groups } };
  }
  const owner = bound.filter((b) => b.owns(pathname)).sort((a, b) => b.path.length - a.path.length)[0];
  return owner ? { bound: owner, params: {} } : undefined;
}

/** What a connection asks the hub for when it joins or leaves a room after admission. */
interface Membership {
  join(conn: Connection<unknown>, room: string): Promise<void>;
  leave(conn: Connection<unknown>, room: string): void;
}

let connectionSeq = 0;

export class Connection<S = unknown> {
  readonly id = `c${++connectionSeq}`;
  private tail: Promise<void> = Promise.resolve();
  /** Frames held back until the greeting is out (hold/greeted). */
  private held?: (Buffer | string)[];
  /** The rooms whose broadcasts this connection receives (the hub reads it on delivery); change it with join/leave. */
  readonly rooms: ReadonlySet<string>;

  constructor(
    readonly ws: WebSocket,
    rooms: Iterable<string>,
    readonly userId: Id,
    readonly state: S,
    private readonly log: Logger,
    /** The endpoint's operation name. */
    readonly op = '',
    private readonly membership?: Membership,
    private readonly closeCodeOf: (err: ServerError) => number = (err) => err.closeCode ?? 4500,
  ) {
    this.rooms = new Set(rooms);
  }

  /** Joins a room after admission; resolves once the room's broadcasts reach this connection. */
  async join(room: string): Promise<void> {
    if (this.rooms.has(room)) return;
    if (!this.membership) throw new Error('connection has no hub to join rooms with');
    await this.membership.join(this as Connection<unknown>, room);
  }

  leave(room: string): void {
    if (!this.rooms.has(room)) return;
    (this.rooms as Set<string>).delete(room);
    this.membership?.leave(this as Connection<unknown>, room);
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Holds every frame sent from now on until greeted(). */
  hold(): void {
    this.held ??= [];
  }

  /** Sends `first`, then whatever was held back meanwhile, in order. */
  greeted(first: string | undefined): void {
    const held = this.held ?? [];
    this.held = undefined;
    if (first !== undefined) this.send(first);
    for (const frame of held) this.send(frame);
  }

  /** Sends one text frame; the same Buffer may be handed to many connections (no copy, no re-encoding). */
  send(frame: Buffer | string): void {
    if (this.held) {
      this.held.push(frame);
      return;
    }
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
      this.ws.close(this.closeCodeOf(err), err.message.slice(0, 120));
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
 * on its way in (held between admission and the end of the handshake, or of a join).
 */
class Hub implements Membership {
  private readonly rooms = new Map<string, { conns: Set<Connection<unknown>>; holds: number; unsubscribe: () => void }>();

  constructor(private readonly bus: Bus) {}

  /** Subscribes the room if needed and keeps it subscribed until the returned release() is called. */
  hold(roomKey: string): () => void {
    let room = this.rooms.get(roomKey);
    if (!room) {
      const conns = new Set<Connection<unknown>>();
      const unsubscribe = this.bus.subscribe(roomKey, (msg) => this.deliver(roomKey, conns, msg));
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

  /** Holds every room and waits until the bus delivers each (before the 101, or before a join counts). */
  async holdAll(rooms: Iterable<string>): Promise<() => void> {
    const keys = [...new Set(rooms)];
    const releases = keys.map((r) => this.hold(r));
    const release = () => releases.forEach((r) => r());
    try {
      await Promise.all(keys.map((r) => this.bus.ready(r)));
    } catch (err) {
      release();
      throw err;
    }
    return release;
  }

  /** Adds a connection to the local sets of its rooms, which are held. */
  enter(conn: Connection<unknown>): void {
    for (const key of conn.rooms) this.rooms.get(key)?.conns.add(conn);
  }

  async join(conn: Connection<unknown>, roomKey: string): Promise<void> {
    const release = await this.holdAll([roomKey]);
    if (conn.open) {
      (conn.rooms as Set<string>).add(roomKey);
      this.rooms.get(roomKey)?.conns.add(conn);
    }
    release();
  }

  leave(conn: Connection<unknown>, roomKey: string): void {
    this.rooms.get(roomKey)?.conns.delete(conn);
    this.drop(roomKey);
  }

  leaveAll(conn: Connection<unknown>): void {
    for (const key of conn.rooms) this.leave(conn, key);
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
  // A publish to several rooms arrives once per room: a socket takes it from the first of those rooms it
  // is in, so it gets it once (one publisher's copies arrive in the order they were published).
  private deliver(roomKey: string, conns: Set<Connection<unknown>>, msg: BusMessage): void {
    const bytes = Buffer.from(msg.frame, 'utf8');
    const earlier = msg.rooms ? msg.rooms.slice(0, msg.rooms.indexOf(roomKey)) : undefined;
    if (!earlier?.length) {
      for (const conn of conns) if (conn.id !== msg.exclude) conn.send(bytes);
      return;
    }
    for (const conn of conns) {
      if (conn.id === msg.exclude || earlier.some((r) => conn.rooms.has(r))) continue;
      conn.send(bytes);
    }
  }
}

export interface WsOptions {
  /** The dialect's socket endpoints at their profile paths (bindEndpoints). */
  endpoints: readonly BoundEndpoint[];
  bus: Bus;
  log: Logger;
  isClosing(): boolean;
  /** The dialect's close code of an error (close-codes.ts); default the error table's. */
  closeCodeOf?(err: ServerError): number;
  /** Extra headers on every 101 response (a cluster worker names itself: `x-chatconform-worker`). */
  upgradeHeaders?: Record<string, string>;
  /** At most this many sockets admitted per user within the window; the next upgrade is refused with HTTP 403 (the `socket-limit` variant). */
  socketLimit?: SocketLimit;
}

export class SocketServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD, perMessageDeflate: false, clientTracking: true });
  private readonly hub: Hub;
  private readonly closeCodeOf: (err: ServerError) => number;
  private readonly limiter?: SocketLimiter;

  constructor(private readonly opts: WsOptions) {
    this.hub = new Hub(opts.bus);
    if (opts.socketLimit) this.limiter = new SocketLimiter(opts.socketLimit);
    this.closeCodeOf = opts.closeCodeOf ?? ((err) => err.closeCode ?? 4500);
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
      const routed = routeUpgrade(this.opts.endpoints, url!.pathname);
      if (!routed) return refuse(socket, 404, 'Not Found');
      const { endpoint } = routed.bound;
      endpoint.admit(req, url!, routed.params).then(
        (admission) => this.accept(req, socket, head, endpoint, admission),
        (thrown: unknown) => this.reject(req, socket, head, endpoint, toServerError(thrown)),
      ).catch((err: unknown) => this.internal(req, socket, err));
    } catch (err) {
      this.internal(req, socket, err);
    }
  };

  private internal(req: IncomingMessage, socket: Duplex, err: unknown): void {
    this.opts.log.error({ event: 'ws-upgrade-internal', path: safeUrl(req.url), err: safeError(err) });
    socket.destroy();
  }

  private async accept(req: IncomingMessage, socket: Duplex, head: Buffer, endpoint: SocketEndpoint<unknown>, admission: Admission<unknown>): Promise<void> {
    if (this.limiter && !this.limiter.take(admission.userId)) {
      const { count, seconds, closeCode } = this.limiter.limit;
      const text = `Too many connections: at most ${count} per ${seconds} seconds`;
      this.opts.log.info({ event: 'ws-limited', op: endpoint.op, path: safeUrl(req.url), user: admission.userId, count, seconds });
      if (closeCode === undefined) return refuse(socket, 403, text);
      if (socket.destroyed) return;
      return this.wss.handleUpgrade(req, socket, head, (ws) => {
        ws.on('error', () => {});
        ws.close(closeCode, text);
      });
    }
    const release = await this.hub.holdAll(admission.rooms);
    if (socket.destroyed) return release();
    if (this.opts.isClosing()) {
      release();
      return refuse(socket, 503, 'Service Unavailable');
    }
    socket.once('close', release); // a handshake that ws aborts never reaches the callback
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const conn = new Connection(ws, admission.rooms, admission.userId, admission.state, this.opts.log, endpoint.op, this.hub, this.closeCodeOf);
      const log = this.opts.log;
      if (endpoint.greet) conn.hold();
      this.hub.enter(conn);
      release();
      if (endpoint.greet) {
        endpoint.greet(conn).then(
          (first) => conn.greeted(first),
          (err: unknown) => {
            this.opts.log.error({ event: 'ws-internal', conn: conn.id, err: safeError(err) });
            conn.greeted(undefined);
            conn.close(new ServerError('INTERNAL'));
          },
        );
      }
      log.info({ event: 'ws-open', conn: conn.id, op: endpoint.op, path: safeUrl(req.url), user: admission.userId, rooms: admission.rooms });
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        try {
          endpoint.onMessage(conn, data, isBinary);
        } catch (err) {
          log.error({ event: 'ws-internal', conn: conn.id, err: safeError(err) });
          conn.close(new ServerError('INTERNAL'));
        }
      });
      // ws reports protocol errors (e.g. a frame over maxPayload) here and closes the socket itself (1009).
      ws.on('error', (err) => log.info({ event: 'ws-protocol-error', conn: conn.id, err: safeError(err) }));
      ws.on('close', (code: number) => {
        this.hub.leaveAll(conn);
        try {
          endpoint.onClose?.(conn);
        } catch (err) {
          log.error({ event: 'ws-internal', conn: conn.id, err: safeError(err) });
        }
        log.info({ event: 'ws-close', conn: conn.id, code });
      });
    });
  }

  private reject(req: IncomingMessage, socket: Duplex, head: Buffer, endpoint: SocketEndpoint<unknown>, err: ServerError): void {
    const close = this.closeCodeOf(err);
    if (err.code === 'INTERNAL') this.opts.log.error({ event: 'ws-admit-internal', path: safeUrl(req.url), err: safeError(err.cause ?? err) });
    this.opts.log.info({ event: 'ws-refused', op: endpoint.op, path: safeUrl(req.url), code: err.code, close });
    if (socket.destroyed) return;
    const status = endpoint.refuseStatus?.(err);
    if (status !== undefined) return refuse(socket, status, status === 403 ? 'Forbidden' : 'Error');
    const frame = endpoint.refusalFrame?.(err);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => {});
      if (frame !== undefined) ws.send(frame);
      ws.close(close, err.message.slice(0, 120));
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
            if (ws.readyState === WebSocket.OPEN) ws.close(this.closeCodeOf(err), err.message);
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
