// The generator's WebSocket client: RFC 6455 framing by hand on a net.Socket, so a received frame costs a
// header read and an indexOf, not a Receiver state machine, an event and a Buffer per frame. Client frames
// are masked with the all-zero key (legal framing: the server XORs with zeros), so the payload is written
// as is. Text frames only; pings are answered; a close frame or a socket end ends the client.
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface RawClientHandlers {
  open(): void;
  /** payload of one text frame: chunk[start, end) (valid only during the call) */
  text(chunk: Buffer, start: number, end: number): void;
  close(code: number): void;
}

export class RawClient {
  private socket: Socket;
  private pending: Buffer | null = null;
  private handshaking = true;
  open = false;
  private ended = false;

  constructor(
    url: string,
    private readonly on: RawClientHandlers,
    timeoutMs = 15_000,
  ) {
    const u = new URL(url);
    if (u.protocol !== 'ws:') throw new Error(`the bench generator speaks ws:// only, got ${u.protocol}`);
    this.socket = connect({ host: u.hostname, port: Number(u.port || 80), noDelay: true });
    const timer = setTimeout(() => this.end(0), timeoutMs);
    this.socket.on('connect', () => {
      this.socket.write(
        `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    this.socket.on('data', (chunk: Buffer) => {
      if (this.handshaking) {
        clearTimeout(timer);
        chunk = this.handshake(chunk);
        if (this.handshaking || this.ended || chunk.length === 0) return;
      }
      this.frames(chunk);
    });
    this.socket.on('error', () => this.end(1006));
    this.socket.on('close', () => {
      clearTimeout(timer);
      this.end(1006);
    });
  }

  private handshake(chunk: Buffer): Buffer {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    const at = buf.indexOf('\r\n\r\n');
    if (at < 0) {
      this.pending = buf;
      return Buffer.alloc(0);
    }
    this.pending = null;
    if (!buf.subarray(0, 13).toString('latin1').startsWith('HTTP/1.1 101')) {
      this.end(0);
      return Buffer.alloc(0);
    }
    this.handshaking = false;
    this.open = true;
    this.on.open();
    return buf.subarray(at + 4);
  }

  private frames(chunk: Buffer): void {
    let buf = chunk;
    if (this.pending) {
      buf = Buffer.concat([this.pending, chunk]);
      this.pending = null;
    }
    let i = 0;
    const n = buf.length;
    while (i + 2 <= n) {
      const op = buf[i] & 0x0f;
      let len = buf[i + 1] & 0x7f;
      let h = i + 2;
      if (len === 126) {
        if (h + 2 > n) break;
        len = buf.readUInt16BE(h);
        h += 2;
      } else if (len === 127) {
        if (h + 8 > n) break;
        len = Number(buf.readBigUInt64BE(h));
        h += 8;
      }
      if (h + len > n) break;
      if (op === 1 || op === 0) this.on.text(buf, h, h + len);
      else if (op === 8) {
        this.end(len >= 2 ? buf.readUInt16BE(h) : 1005);
        return;
      } else if (op === 9) this.frame(0x8a, buf.subarray(h, h + len));
      i = h + len;
    }
    if (i < n) this.pending = Buffer.from(buf.subarray(i));
  }

  private frame(first: number, payload: Buffer): void {
    const len = payload.length;
    const head = len < 126 ? 6 : 8;
    const out = Buffer.allocUnsafe(head + len);
    out[0] = first;
    if (len < 126) out[1] = 0x80 | len;
    else {
      out[1] = 0x80 | 126;
      out.writeUInt16BE(len, 2);
    }
    out.writeUInt32BE(0, head - 4); // the zero mask
    payload.copy(out, head);
    this.socket.write(out);
  }

  /** Sends one text frame (payloads under 64 KiB). */
  send(text: string): void {
    if (!this.open) return;
    const len = Buffer.byteLength(text);
    const head = len < 126 ? 6 : 8;
    const out = Buffer.allocUnsafe(head + len);
    out[0] = 0x81;
    if (len < 126) out[1] = 0x80 | len;
    else {
      out[1] = 0x80 | 126;
      out.writeUInt16BE(len, 2);
    }
    out.writeUInt32BE(0, head - 4);
    out.write(text, head, 'latin1');
    this.socket.write(out);
  }

  private end(code: number): void {
    if (this.ended) return;
    this.ended = true;
    const wasOpen = this.open;
    this.open = false;
    this.socket.destroy();
    if (wasOpen || code !== 0) this.on.close(wasOpen ? code : 0);
    else this.on.close(0);
  }

  terminate(): void {
    this.ended = true;
    this.open = false;
    this.socket.destroy();
  }
}
