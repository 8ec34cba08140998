// Raw probes for the reference server tests: undici for REST, ws for WebSocket, no conformance code.
// Every JSON body and frame seen through these helpers is checked against the schema the caller names.
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { request } from 'undici';
import WebSocket from 'ws';
import { expect } from 'vitest';
import { validate } from '../../core/schemas.ts';
import { startServer, type RunningServer, type ServerOptions } from '../../reference-server/index.ts';

export interface LogCapture {
  lines: string[];
  text(): string;
  events(name: string): Record<string, unknown>[];
}

export function captureLogger(): { logger: Logger; capture: LogCapture } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  const logger = pino({ level: 'debug' }, stream);
  return {
    logger,
    capture: {
      lines,
      text: () => lines.join('\n'),
      events: (name) => lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.event === name),
    },
  };
}

export interface Harness {
  server: RunningServer;
  capture: LogCapture;
}

/** A self-checking server on a free port, with its log captured. */
export async function start(opts: Partial<ServerOptions> = {}): Promise<Harness> {
  const { logger, capture } = captureLogger();
  const server = await startServer({ profile: 'medmapp', port: 0, selfCheck: true, logger, ...opts });
  return { server, capture };
}

export function expectSchema(key: string, value: unknown): void {
  const verdict = validate(key, value);
  expect(verdict.errors, `${key}: ${JSON.stringify(value).slice(0, 300)}`).toEqual([]);
}

export type Role = 'patient' | 'operator' | 'outsider';

export function credentials(server: RunningServer, role: Role): { phone: string; password: string } {
  return server.target.users[role]!.credentials as { phone: string; password: string };
}

export interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

export async function api(
  server: RunningServer,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string>; schema?: string } = {},
): Promise<Res> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  }
  const res = await request(`${server.baseUrl}${path}`, { method: method as 'GET', headers, body });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (opts.schema) expectSchema(opts.schema, json);
  return { status: res.statusCode, headers: res.headers, text, json };
}

export async function login(server: RunningServer, role: Role): Promise<{ access: string; refresh: string }> {
  const res = await api(server, 'POST', '/api/token/', { body: credentials(server, role), schema: 'medmapp/token-response' });
  expect(res.status).toBe(200);
  return res.json;
}

/** Schema of an outgoing frame, by its type. */
export function frameSchema(frame: { type?: string; code?: string }): string {
  if (frame.type === 'chat_message') return 'medmapp/ws-out-chat-message';
  if (frame.type === 'status_update') return 'medmapp/ws-out-status-update';
  if (frame.code === 'RATE_LIMIT_EXCEEDED') return 'medmapp/ws-out-rate-limit-error';
  return 'medmapp/ws-out-error';
}

export interface Client {
  ws: WebSocket;
  frames: any[];
  /** Resolves with the close code (and whether the handshake was refused with an HTTP status instead). */
  closed: Promise<{ code: number; httpStatus?: number }>;
  /** The 101 only: the reference server accepts every upgrade and closes a refused one after it. */
  opened: Promise<boolean>;
  /**
   * 'admitted' once the socket is open and still open after a ping/pong round trip (a refused socket's
   * close frame follows the 101 before any pong), else what happened instead; waits at most `timeoutMs`.
   */
  admission(timeoutMs?: number): Promise<string>;
  /** Waits until `n` frames matching `pred` have arrived; returns them. */
  waitFor(pred: (f: any) => boolean, n?: number, timeoutMs?: number): Promise<any[]>;
  send(value: unknown): void;
  close(): void;
}

export function connect(server: RunningServer, path: string, opts: { validateFrames?: boolean } = {}): Client {
  const ws = new WebSocket(`${server.wsUrl}${path}`);
  const frames: any[] = [];
  const waiters = new Set<() => void>();
  let httpStatus: number | undefined;
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data));
    if (opts.validateFrames !== false) expectSchema(frameSchema(frame), frame);
    frames.push(frame);
    for (const w of waiters) w();
  });
  ws.on('unexpected-response', (_req, res) => {
    httpStatus = res.statusCode;
    res.resume();
    ws.terminate();
  });
  ws.on('error', () => {});
  const closed = new Promise<{ code: number; httpStatus?: number }>((resolve) =>
    ws.on('close', (code) => resolve(httpStatus === undefined ? { code } : { code, httpStatus })),
  );
  const opened = new Promise<boolean>((resolve) => {
    ws.once('open', () => resolve(true));
    ws.once('close', () => resolve(false));
  });
  const admission = async (timeoutMs = 5000): Promise<string> => {
    const outcome = (): Promise<string> => closed.then(({ code, httpStatus }) => (httpStatus === undefined ? `closed ${code}` : `refused HTTP ${httpStatus}`));
    if (!(await within(opened, timeoutMs, 'the handshake'))) return outcome();
    if (ws.readyState !== WebSocket.OPEN) return within(outcome(), timeoutMs, 'the close');
    const pong = new Promise<boolean>((resolve) => {
      ws.once('pong', () => resolve(ws.readyState === WebSocket.OPEN));
      ws.once('close', () => resolve(false));
    });
    ws.ping();
    if (await within(pong, timeoutMs, 'a pong')) return 'admitted';
    return within(outcome(), timeoutMs, 'the close');
  };
  return {
    ws,
    frames,
    closed,
    opened,
    admission,
    send: (value) => ws.send(typeof value === 'string' || Buffer.isBuffer(value) ? value : JSON.stringify(value)),
    close: () => ws.close(),
    waitFor(pred, n = 1, timeoutMs = 3000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hits = frames.filter(pred);
          if (hits.length >= n) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(hits);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${n} frame(s); got ${JSON.stringify(frames).slice(0, 500)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/** A socket the server admitted (open after a ping/pong round trip), else the test fails with what happened. */
export async function connectOpen(server: RunningServer, token: string, conversation: number | string = 1): Promise<Client> {
  const client = connect(server, `/ws/chat/${conversation}/?token=${token}`);
  expect(await client.admission()).toBe('admitted');
  return client;
}

/** `promise`, or a rejection naming `what` after `ms`: every wait of these tests is bounded. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A short pause to show that something did NOT arrive. */
export const quiet = () => sleep(150);
