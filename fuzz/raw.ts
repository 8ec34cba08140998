// Raw HTTP/1.1 and WebSocket over node:net: the fuzzer must send what no well-behaved client library
// would (a target `new URL` rejects, a 100 KB header, a form cut short, a frame with reserved bits),
// and tell a reply, a dropped connection, a refused connection and silence apart. Every wait is bounded.
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface Endpoint {
  host: string;
  port: number;
}

export type Outcome =
  | { kind: 'reply'; status: number; headers: Record<string, string>; body: Buffer; ms: number }
  | { kind: 'refused'; ms: number }
  | { kind: 'dropped'; ms: number }
  | { kind: 'timeout'; ms: number };

export function endpointOf(baseUrl: string): Endpoint {
  const u = new URL(baseUrl);
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)) };
}

interface Head {
  status: number;
  headers: Record<string, string>;
  bodyStart: number;
}

function parseHead(buf: Buffer): Head | undefined {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const at = line.indexOf(':');
    if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  return { status, headers, bodyStart: end + 4 };
}

/** Sends `bytes` on a fresh connection and reads one HTTP response (Content-Length, chunked or until close). */
export function httpRaw(ep: Endpoint, bytes: Buffer, timeoutMs: number): Promise<Outcome> {
  const t0 = performance.now();
  const ms = () => Math.round(performance.now() - t0);
  return new Promise((resolve) => {
    const socket = connect(ep.port, ep.host);
    let buf = Buffer.alloc(0);
    let settled = false;
    const finish = (o: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(o);
    };
    const complete = (closed: boolean): boolean => {
      const head = parseHead(buf);
      if (!head) return false;
      const body = buf.subarray(head.bodyStart);
      const length = head.headers['content-length'];
      if (length !== undefined) {
        if (body.length < Number(length)) return false;
        finish({ kind: 'reply', status: head.status, headers: head.headers, body: body.subarray(0, Number(length)), ms: ms() });
        return true;
      }
      if (/chunked/i.test(head.headers['transfer-encoding'] ?? '')) {
        if (!body.includes('\r\n0\r\n\r\n') && !body.subarray(0, 5).equals(Buffer.from('0\r\n\r\n'))) return false;
        finish({ kind: 'reply', status: head.status, headers: head.headers, body: dechunk(body), ms: ms() });
        return true;
      }
      if (head.status === 101 || head.status === 204 || head.status === 304 || closed) {
        finish({ kind: 'reply', status: head.status, headers: head.headers, body, ms: ms() });
        return true;
      }
      return false;
    };
    const timer = setTimeout(() => finish({ kind: 'timeout', ms: ms() }), timeoutMs);
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      complete(false);
    });
    socket.once('connect', () => socket.write(bytes));
    socket.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED') return finish({ kind: 'refused', ms: ms() });
      if (!complete(true)) finish({ kind: 'dropped', ms: ms() });
    });
    socket.once('close', () => {
      if (!complete(true)) finish({ kind: 'dropped', ms: ms() });
    });
  });
}

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    const eol = body.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = parseInt(body.subarray(at, eol).toString('latin1'), 16);
    if (!size) break;
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** True when a TCP connection to the endpoint opens within `timeoutMs`. */
export function tcpAlive(ep: Endpoint, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(ep.port, ep.host);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      s.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

export function upgradeRequest(target: string, host: string, extra = ''): Buffer {
  return Buffer.from(
    `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`,
    'latin1',
  );
}

/** A client frame (masked, as RFC 6455 requires of clients unless `unmasked`). */
export function clientFrame(opcode: number, payload: Buffer, opts: { fin?: boolean; rsv?: number; unmasked?: boolean } = {}): Buffer {
  const b0 = ((opts.fin ?? true) ? 0x80 : 0) | ((opts.rsv ?? 0) << 4) | (opcode & 0x0f);
  const mask = opts.unmasked ? 0 : 0x80;
  let header: Buffer;
  if (payload.length < 126) header = Buffer.from([b0, mask | payload.length]);
  else if (payload.length < 65536) {
    header = Buffer.alloc(4);
    header[0] = b0;
    header[1] = mask | 126;
    header.writeUInt16BE(payload.length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = b0;
    header[1] = mask | 127;
    header.writeBigUInt64BE(BigInt(payload.length), 2);
  }
  if (opts.unmasked) return Buffer.concat([header, payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload);
  for (let i = 0; i < masked.length; i++) masked[i]! ^= key[i % 4]!;
  return Buffer.concat([header, key, masked]);
}

export type WsOutcome =
  | { kind: 'refused-http'; status: number; body: Buffer; ms: number }
  | { kind: 'closed'; code: number | undefined; frames: string[]; ms: number }
  | { kind: 'open'; frames: string[]; pong: boolean; ms: number }
  | { kind: 'refused'; ms: number }
  | { kind: 'dropped'; ms: number }
  | { kind: 'timeout'; ms: number };

/**
 * Opens a WebSocket by hand with `request` (an upgrade request), writes `after` once upgraded, and watches
 * for `watchMs`: the server's text frames and its close code. `open` means it neither closed nor dropped;
 * it ends early once a pong came back and `enough(frames)` holds.
 */
export function wsRaw(ep: Endpoint, request: Buffer, after: Buffer | undefined, timeoutMs: number, watchMs: number, enough: (frames: string[]) => boolean = () => true): Promise<WsOutcome> {
  const t0 = performance.now();
  const ms = () => Math.round(performance.now() - t0);
  return new Promise((resolve) => {
    const socket: Socket = connect(ep.port, ep.host);
    let buf = Buffer.alloc(0);
    let upgraded = false;
    let settled = false;
    const frames: string[] = [];
    let pong = false;
    const finish = (o: WsOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(o);
    };
    let timer = setTimeout(() => finish({ kind: 'timeout', ms: ms() }), timeoutMs);
    const readFrames = () => {
      while (buf.length >= 2) {
        const opcode = buf[0]! & 0x0f;
        let len = buf[1]! & 0x7f;
        let at = 2;
        if (len === 126) {
          if (buf.length < 4) return;
          len = buf.readUInt16BE(2);
          at = 4;
        } else if (len === 127) {
          if (buf.length < 10) return;
          len = Number(buf.readBigUInt64BE(2));
          at = 10;
        }
        if (buf.length < at + len) return;
        const payload = buf.subarray(at, at + len);
        buf = buf.subarray(at + len);
        if (opcode === 0x1) frames.push(payload.toString('utf8'));
        if (opcode === 0xa) pong = true;
        if (pong && enough(frames)) {
          // Give a close that follows in the same flight a moment to arrive.
          clearTimeout(timer);
          timer = setTimeout(() => finish({ kind: 'open', frames, pong, ms: ms() }), 5);
        }
        if (opcode === 0x8) return finish({ kind: 'closed', code: payload.length >= 2 ? payload.readUInt16BE(0) : undefined, frames, ms: ms() });
      }
    };
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (!upgraded) {
        const head = parseHead(buf);
        if (!head) return;
        if (head.status !== 101) {
          const body = buf.subarray(head.bodyStart);
          const length = Number(head.headers['content-length'] ?? body.length);
          if (body.length < length) return;
          return finish({ kind: 'refused-http', status: head.status, body: body.subarray(0, length), ms: ms() });
        }
        upgraded = true;
        buf = buf.subarray(head.bodyStart);
        if (after) socket.write(after);
        clearTimeout(timer);
        timer = setTimeout(() => finish({ kind: 'open', frames, pong, ms: ms() }), watchMs);
      }
      readFrames();
    });
    socket.once('connect', () => socket.write(request));
    socket.once('error', (err: NodeJS.ErrnoException) => finish(err.code === 'ECONNREFUSED' ? { kind: 'refused', ms: ms() } : upgraded ? { kind: 'closed', code: undefined, frames, ms: ms() } : { kind: 'dropped', ms: ms() }));
    socket.once('close', () => finish(upgraded ? { kind: 'closed', code: undefined, frames, ms: ms() } : { kind: 'dropped', ms: ms() }));
  });
}
