// REST plumbing shared by every dialect: a route table, body readers, and the one function that writes a
// reply (and self-checks it against its schema). Dialects supply routes and render their own error bodies.
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { ServerError, toServerError } from './errors.ts';
import { safeError, safeUrl, type Logger } from './log.ts';
import type { SelfCheck } from './self-check.ts';
import { applyCors, type CorsPolicy } from './cors.ts';
import type { SchemaKey } from '../core/schemas.ts';

export interface Reply {
  status: number;
  /** JSON-serialized unless `text` is given. */
  body?: unknown;
  /** A ready body (e.g. the `rest-errors-not-json` fault's HTML). */
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Schema the body must match (checked when selfCheck is on). */
  schema?: SchemaKey;
}

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  url: URL;
  /** Named groups of the matched route pattern. */
  params: Record<string, string>;
  /** `http://host:port` as the client addressed this server (for absolute URLs, like Django's build_absolute_uri). */
  origin: string;
  log: Logger;
  /** The profile operation the matched route serves (set by the router; fault seams select by it). */
  op?: string;
}

/** A handler returns a Reply, or nothing when it wrote the response itself (media files). */
export type Handler = (ctx: RequestContext) => Promise<Reply | void>;

/** A route as the server matches it; `op` names the profile operation it serves (absent for an undocumented one). */
export interface Route {
  op?: string;
  method: string;
  pattern: RegExp;
  handler: Handler;
}

/**
 * A route as a dialect declares it: an operation of its profile (`profile.rest[op]`, or `auth.login` /
 * `auth.refresh`), whose method and path the profile gives (routes.ts resolves them), or, for what the
 * server serves beyond the document, an explicit method and pattern with the reason.
 */
export type RouteDecl = OpRoute | UndocumentedRoute;

export interface OpRoute {
  op: string;
  handler: Handler;
  /** Served at this path template instead of the profile's (a variant that moves it). */
  path?: string;
  /** Served with this method instead of the profile's (a variant that moves it). */
  method?: string;
}

export interface UndocumentedRoute {
  op?: undefined;
  method: string;
  pattern: RegExp;
  handler: Handler;
  /** Why the server has a route the document lacks (e.g. media downloads). */
  undocumented: string;
}

export interface HttpOptions {
  routes: Route[];
  /** `ctx` is absent for a request Node could not parse (431, 414, malformed HTTP). */
  renderError(err: ServerError, ctx?: RequestContext): Reply;
  log: Logger;
  selfCheck: SelfCheck;
  /** Fallback origin when a request carries no Host header. */
  origin(): string;
  isClosing(): boolean;
  /** serve --cors: allowed origins; preflights are answered before routing */
  cors?: CorsPolicy;
}

/** The longest request target served; longer ones answer 414 (gunicorn's limit_request_line is 4094). */
export const MAX_TARGET = 8192;

/**
 * The request target as a URL, or undefined when it is no URL at all. An origin-form target is a path:
 * `//`, `//@` or `//[::1` name no authority (`new URL('//', base)` would read one and throw).
 */
export function parseTarget(raw: string | undefined): URL | undefined {
  const target = raw || '/';
  try {
    if (target.startsWith('/')) return new URL(`http://localhost${target}`);
    const absolute = new URL(target);
    return new URL(`http://localhost${absolute.pathname}${absolute.search}`);
  } catch {
    return undefined;
  }
}

/** Why a request target is refused before routing, or undefined. */
export function targetError(raw: string | undefined, url: URL | undefined): ServerError | undefined {
  if ((raw ?? '').length > MAX_TARGET) return new ServerError('URI_TOO_LONG');
  if (!url) return new ServerError('NOT_FOUND');
  return undefined;
}

/**
 * One error boundary per request: whatever a handler, a body reader or the target parse throws ends as
 * the dialect's error reply and a log line, never as an uncaught exception that stops the process.
 */
export function createRequestListener(opts: HttpOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = performance.now();
    const fail = (event: string, err: unknown) => {
      opts.log.error({ event, path: safeUrl(req.url), err: safeError(err) });
      if (!res.headersSent) res.writeHead(500, { 'Content-Length': 0 }).end();
      else res.destroy();
    };
    try {
      req.on('error', (err) => opts.log.info({ event: 'http-request-error', path: safeUrl(req.url), err: safeError(err) }));
      res.on('error', (err) => opts.log.info({ event: 'http-response-error', path: safeUrl(req.url), err: safeError(err) }));
      const method = (req.method ?? 'GET').toUpperCase();
      const parsed = parseTarget(req.url);
      const url = parsed ?? new URL('http://localhost/');
      const origin = req.headers.host ? `http://${req.headers.host}` : opts.origin();
      const ctx: RequestContext = { req, res, method, url, params: {}, origin, log: opts.log };
      if (opts.cors && applyCors(opts.cors, req, res)) return;
      res.on('finish', () => {
        opts.log.info({ event: 'http', method, path: safeUrl(req.url), status: res.statusCode, ms: Math.round(performance.now() - started) });
      });
      dispatch(opts, ctx, targetError(req.url, parsed)).catch((err: unknown) => fail('http-write-failed', err));
    } catch (err) {
      fail('http-internal', err);
    }
  };
}

/**
 * Node's `clientError`: a request it could not parse. A head over maxHeaderSize answers 431, or 414 when
 * the request line alone is too long; anything else 400. Bodies have the dialect's error shape.
 */
export function createClientErrorListener(opts: Pick<HttpOptions, 'renderError' | 'log'>): (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex) => void {
  return (err, socket) => {
    opts.log.debug({ event: 'http-client-error', err: safeError(err) });
    try {
      if (!socket.writable) return void socket.destroy();
      let error: ServerError;
      if (err.code === 'HPE_HEADER_OVERFLOW') {
        const head = err.rawPacket ?? Buffer.alloc(0);
        const lineEnd = head.indexOf('\r\n');
        error = new ServerError(lineEnd < 0 || lineEnd > MAX_TARGET ? 'URI_TOO_LONG' : 'HEADERS_TOO_LARGE');
      } else if (err.code === 'ECONNRESET' || err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
        return void socket.destroy();
      } else {
        error = ServerError.validation({ non_field_errors: ['Malformed HTTP request.'] });
      }
      const reply = opts.renderError(error);
      const payload = reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
      const type = reply.contentType ?? 'application/json';
      socket.end(
        `HTTP/1.1 ${reply.status} ${STATUS_CODES[reply.status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: ${type}\r\n` +
          `Content-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`,
      );
    } catch (thrown) {
      opts.log.error({ event: 'http-client-error-failed', err: safeError(thrown) });
      socket.destroy();
    }
  };
}

async function dispatch(opts: HttpOptions, ctx: RequestContext, refused?: ServerError): Promise<void> {
  let reply: Reply | void;
  try {
    if (refused) throw refused;
    reply = await route(opts.routes, ctx);
  } catch (thrown) {
    const err = toServerError(thrown);
    // A client that hangs up mid-body is no server error; there is nobody left to answer.
    const aborted = (err.cause as NodeJS.ErrnoException | undefined)?.code === 'ECONNRESET' && !ctx.req.complete;
    if (aborted) return opts.log.info({ event: 'http-aborted', path: safeUrl(ctx.req.url) });
    if (err.code === 'INTERNAL') opts.log.error({ event: 'http-internal', path: safeUrl(ctx.req.url), err: safeError(err.cause ?? err) });
    reply = opts.renderError(err, ctx);
    // Unread request bodies would stall keep-alive; drop them.
    if (!ctx.req.complete) ctx.req.resume();
  }
  // While shutting down, in-flight requests finish and their keep-alive connections are not kept.
  if (opts.isClosing() && !ctx.res.headersSent) ctx.res.setHeader('Connection', 'close');
  if (reply) {
    if (ctx.res.headersSent) return void ctx.res.destroy();
    writeReply(ctx.res, reply, opts.selfCheck, `${ctx.method} ${ctx.url.pathname}`);
  }
}

async function route(routes: Route[], ctx: RequestContext): Promise<Reply | void> {
  let allowed: string[] = [];
  for (const r of routes) {
    const m = r.pattern.exec(ctx.url.pathname);
    if (!m) continue;
    if (r.method !== ctx.method) {
      allowed.push(r.method);
      continue;
    }
    ctx.params = { ...m.groups };
    ctx.op = r.op;
    return r.handler(ctx);
  }
  if (allowed.length > 0) {
    allowed = [...new Set(allowed)];
    throw new ServerError('METHOD_NOT_ALLOWED', { message: `Method "${ctx.method}" not allowed.`, extra: { allow: allowed.join(', ') } });
  }
  throw new ServerError('NOT_FOUND');
}

export function writeReply(res: ServerResponse, reply: Reply, selfCheck: SelfCheck, where: string): void {
  if (reply.schema && reply.text === undefined) selfCheck.check(reply.schema, reply.body, where);
  // RFC 9110 §8.6, §15.3.5: a 204 has no content, so neither a length nor a type (as DRF sends it).
  if (reply.status === 204) {
    res.writeHead(204, { ...reply.headers }).end();
    return;
  }
  const payload = reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
  const headers: Record<string, string | number> = {
    'Content-Type': reply.contentType ?? 'application/json',
    'Content-Length': Buffer.byteLength(payload),
    ...reply.headers,
  };
  res.writeHead(reply.status, headers).end(payload);
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;
const FORM_TYPE = /^application\/x-www-form-urlencoded\b/i;

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new ServerError('PAYLOAD_TOO_LARGE');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new ServerError('PAYLOAD_TOO_LARGE');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * A JSON (or, as DRF also parses it, form-encoded) request body. An empty body is `{}`. Parse errors are
 * VALIDATION errors under `non_field_errors`, so that every 400 body has the DRF field-errors shape.
 */
export async function readJsonBody(req: IncomingMessage, limit = 1 << 20): Promise<unknown> {
  const type = String(req.headers['content-type'] ?? '');
  const raw = await readBody(req, limit);
  if (raw.length === 0) return {};
  if (FORM_TYPE.test(type)) return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  if (type && !JSON_TYPE.test(type)) {
    throw new ServerError('UNSUPPORTED_MEDIA_TYPE', { message: `Unsupported media type "${type.split(';')[0]}" in request.` });
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw ServerError.validation({ non_field_errors: [`JSON parse error - ${(err as Error).message}`] });
  }
}
