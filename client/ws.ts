// WebSocket probe: records every observable outcome of an attempt (accepted; refused with an HTTP
// status; accepted then closed with code and reason; silent past the timeout; TCP error) and every frame.
import WebSocket from 'ws';
import type { Transcript } from './transcript.ts';

export const MAX_FRAME_BYTES = 1 << 20;
const MAX_FRAMES_KEPT = 5000;
/** How long close() lets a close handshake run before cutting the TCP connection (ws alone waits 30 s). */
export const CLOSE_BOUND_MS = 500;

/** Every socket not yet closed, whoever opened it: terminateAllSockets() ends them when a run is over. */
const LIVE = new Set<WebSocket>();

/** Cuts every socket still open (no handshake): the target cannot keep the process alive. Returns how many. */
export function terminateAllSockets(): number {
  const n = LIVE.size;
  for (const s of LIVE) s.terminate();
  LIVE.clear();
  return n;
}

export type Handshake =
  | { kind: 'open' }
  | { kind: 'refused'; status: number; body: string; /** seconds, from a Retry-After header in seconds */ retryAfter?: number }
  | { kind: 'timeout' }
  | { kind: 'error'; message: string };

export interface Frame {
  at: number;
  text: string;
  binary: boolean;
  /** Parsed JSON; undefined when the frame is not JSON. */
  json: unknown;
}

export interface Closed {
  code: number;
  reason: string;
}

export interface ConnectOptions {
  headers?: Record<string, string>;
  timeoutMs: number;
  transcript?: Transcript;
  /** Shown in the transcript: `patient`, `operator#2`… */
  label?: string;
}

export class WsProbe {
  readonly frames: Frame[] = [];
  handshake: Handshake = { kind: 'timeout' };
  closed: Closed | undefined;
  framesDropped = 0;
  /** ms from connect() to the 101, and to the close; undefined until they happen */
  openedAtMs: number | undefined;
  closedAtMs: number | undefined;
  /** Set when a check took this socket over from another (handOver): no greeting comes again. */
  handedOver = false;
  private returned = new Set<Frame>();
  private waiters = new Set<() => void>();
  readonly t0 = performance.now();

  private constructor(
    private readonly socket: WebSocket,
    private readonly timeoutMs: number,
    private transcript: Transcript | undefined,
    private label: string,
  ) {}

  /** Stops recording into the transcript of the check that had it (an idle socket kept for reuse). */
  detach(): void {
    this.transcript = undefined;
  }

  /**
   * Another check takes this open socket over: it records into that check's transcript, and sees only
   * frames that arrive from now on.
   */
  handOver(transcript: Transcript, label?: string): void {
    this.transcript = transcript;
    this.label = label ? `[${label}] ` : '';
    this.frames.length = 0;
    this.returned = new Set();
    this.framesDropped = 0;
    this.handedOver = true;
    transcript.record('ws', 'send', `${this.label}reuse an open socket another check opened (the target file states a connection limit)`);
  }

  /** Resolves once the handshake has an outcome; never rejects. */
  static connect(url: string, opts: ConnectOptions): Promise<WsProbe> {
    const label = opts.label ? `[${opts.label}] ` : '';
    const shown = new URL(url);
    opts.transcript?.record('ws', 'send', `${label}connect ${shown.pathname}${shown.search}${opts.headers?.authorization ? ' (Authorization header)' : ''}`);
    const socket = new WebSocket(url, { headers: opts.headers, handshakeTimeout: opts.timeoutMs, maxPayload: MAX_FRAME_BYTES, followRedirects: false });
    LIVE.add(socket);
    socket.once('close', () => LIVE.delete(socket));
    const probe = new WsProbe(socket, opts.timeoutMs, opts.transcript, label);
    return new Promise((resolve) => {
      let settled = false;
      const settle = (h: Handshake, line: string, body?: string) => {
        if (settled) return;
        settled = true;
        probe.handshake = h;
        probe.transcript?.record('ws', 'recv', `${label}${line}`, body);
        resolve(probe);
      };
      const guard = setTimeout(() => {
        settle({ kind: 'timeout' }, `no handshake answer within ${opts.timeoutMs} ms`);
        socket.terminate();
      }, opts.timeoutMs + 50);
      // The upgrade response's headers go with the `open` entry (reports show them on that row).
      let upgrade: string | undefined;
      socket.on('upgrade', (res) => {
        upgrade = [`HTTP/${res.httpVersion} ${res.statusCode} ${res.statusMessage ?? ''}`.trimEnd(), ...Object.entries(res.headers).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`)].join('\n');
      });
      socket.on('open', () => {
        clearTimeout(guard);
        probe.openedAtMs = performance.now() - probe.t0;
        settle({ kind: 'open' }, 'open (101 Switching Protocols)', upgrade);
      });
      socket.on('unexpected-response', (_req, res) => {
        clearTimeout(guard);
        const chunks: Buffer[] = [];
        let size = 0;
        const retryAfter = /^\s*\d+(\.\d+)?\s*$/.test(String(res.headers['retry-after'] ?? '')) ? Number(res.headers['retry-after']) : undefined;
        const done = () => {
          settle({ kind: 'refused', status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ...(retryAfter !== undefined ? { retryAfter } : {}) }, `refused: HTTP ${res.statusCode} instead of 101${retryAfter !== undefined ? ` (Retry-After: ${retryAfter})` : ''}`, Buffer.concat(chunks).toString('utf8'));
          res.destroy();
          socket.terminate();
        };
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= 4096) chunks.push(c);
        });
        res.on('end', done);
        res.on('error', done);
        setTimeout(done, Math.min(opts.timeoutMs, 1000)).unref();
      });
      socket.on('error', (err) => {
        clearTimeout(guard);
        const timedOut = /handshake has timed out/i.test(err.message);
        settle(timedOut ? { kind: 'timeout' } : { kind: 'error', message: err.message }, timedOut ? `no handshake answer within ${opts.timeoutMs} ms` : `error: ${err.message}`);
        probe.wake();
      });
      socket.on('message', (data, isBinary) => probe.onFrame(data as Buffer, isBinary));
      socket.on('close', (code, reason) => {
        clearTimeout(guard);
        probe.closed = { code, reason: reason.toString('utf8') };
        probe.closedAtMs = performance.now() - probe.t0;
        probe.transcript?.record('ws', 'recv', `${label}close ${code}${reason.length ? ` "${reason.toString('utf8')}"` : ''}`);
        probe.wake();
      });
    });
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  private onFrame(data: Buffer, binary: boolean): void {
    if (this.frames.length >= MAX_FRAMES_KEPT) {
      this.framesDropped++;
      return;
    }
    const text = binary ? `<binary ${data.length} bytes>` : data.toString('utf8');
    let json: unknown;
    if (!binary) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    this.frames.push({ at: performance.now() - this.t0, text, binary, json });
    this.transcript?.record('ws', 'recv', `${this.label}frame${json === undefined ? ' (not JSON)' : ''}`, text);
    this.wake();
  }

  private wake(): void {
    for (const w of this.waiters) w();
  }

  send(payload: unknown): void {
    const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
    this.transcript?.record('ws', 'send', `${this.label}frame`, text);
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(text);
    else this.transcript?.note(`${this.label}not sent: socket is ${this.closed ? `closed (${this.closed.code})` : 'not open'}`);
  }

  sendBinary(data: Buffer): void {
    this.transcript?.record('ws', 'send', `${this.label}binary frame (${data.length} bytes)`);
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(data, { binary: true });
  }

  /** Waits until `test` returns something other than undefined, the socket closes, or the timeout. */
  private until<T>(test: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
    return new Promise((resolve) => {
      const check = () => {
        const v = test();
        if (v !== undefined) return finish(v);
        if (this.closed || this.handshake.kind !== 'open') return finish(undefined);
      };
      const finish = (v: T | undefined) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(v);
      };
      const timer = setTimeout(() => finish(test()), timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** The first frame not yet returned that satisfies `match`; undefined on timeout or close. */
  nextFrame(match: (f: Frame) => boolean = () => true, timeoutMs = this.timeoutMs): Promise<Frame | undefined> {
    return this.until(() => {
      const f = this.frames.find((fr) => !this.returned.has(fr) && match(fr));
      if (f) this.returned.add(f);
      return f;
    }, timeoutMs);
  }

  /** Every frame satisfying `match` that arrives within `ms` (plus those already received). */
  async collect(ms: number, match: (f: Frame) => boolean = () => true, stopAt?: number): Promise<Frame[]> {
    await this.until(() => (stopAt !== undefined && this.frames.filter(match).length >= stopAt ? true : undefined), ms);
    return this.frames.filter(match);
  }

  /** The close code and reason, waiting up to `timeoutMs`; undefined when the socket stays open. */
  waitClose(timeoutMs = this.timeoutMs): Promise<Closed | undefined> {
    return this.until(() => this.closed, timeoutMs).then((c) => c ?? this.closed);
  }

  /**
   * Starts the close handshake and cuts it with terminate() after CLOSE_BOUND_MS, also when the target
   * started it (CLOSING): a target that ignores close frames or never ends TCP cannot hold the socket.
   */
  close(code = 1000): void {
    const socket = this.socket;
    if (socket.readyState === WebSocket.CLOSED) return;
    if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) {
      try {
        socket.close(code);
      } catch {
        socket.terminate();
        return;
      }
    }
    setTimeout(() => socket.terminate(), CLOSE_BOUND_MS).unref();
  }
}
