// CORS for frontend developers calling the reference server from a page on another origin (a dev server
// on localhost:5173 calling 127.0.0.1:8000): preflights answer 204 instead of 405, and responses name the
// allowed origin. WebSocket upgrades need no CORS (browsers send Origin; the server accepts any).
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Origins as given to `serve --cors`: `*`, an exact origin, or one whose port is `*`. */
export interface CorsPolicy {
  origins: string[];
}

export const DEFAULT_CORS = ['http://localhost:*', 'http://127.0.0.1:*'];

const METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
const HEADERS = 'Authorization, Content-Type';

/** Checks each origin pattern; an Error names the bad one. `none` turns CORS off. */
export function parseCors(values: string[]): CorsPolicy | undefined {
  if (values.length === 1 && values[0] === 'none') return undefined;
  for (const v of values) {
    if (v === '*') continue;
    if (!/^https?:\/\/[^/\s:*]+(?::(?:\d{1,5}|\*))?$/.test(v)) {
      throw new Error(`--cors takes '*', 'none' or an origin such as http://localhost:5173 or http://localhost:* (no path), got '${v}'`);
    }
  }
  return { origins: values };
}

export function allowedOrigin(policy: CorsPolicy, origin: string | undefined): string | undefined {
  if (!origin) return undefined;
  for (const p of policy.origins) {
    if (p === '*') return '*';
    if (p === origin) return origin;
    if (p.endsWith(':*') && origin.startsWith(p.slice(0, -1)) && /^\d{1,5}$/.test(origin.slice(p.length - 1))) return origin;
  }
  return undefined;
}

/** Adds the CORS headers to `res`; answers a preflight itself (then returns true). */
export function applyCors(policy: CorsPolicy, req: IncomingMessage, res: ServerResponse): boolean {
  const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
  const allowed = allowedOrigin(policy, origin);
  if (allowed) {
    res.setHeader('Access-Control-Allow-Origin', allowed);
    if (allowed !== '*') res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Expose-Headers', 'x-chatconform-worker');
  }
  const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
  if (!preflight) return false;
  // A preflight from an origin not allowed gets no Allow-* headers: the browser then blocks the request.
  if (allowed) {
    res.setHeader('Access-Control-Allow-Methods', METHODS);
    res.setHeader('Access-Control-Allow-Headers', String(req.headers['access-control-request-headers'] ?? HEADERS));
    res.setHeader('Access-Control-Max-Age', '600');
  }
  res.writeHead(204, { 'Content-Length': 0 }).end();
  req.resume();
  return true;
}
