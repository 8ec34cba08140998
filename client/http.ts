// HTTP client for probing a target: every wait has a timeout, every body a size cap, every exchange a
// transcript entry. A hostile target (silence, garbage, huge bodies) yields a response or a clear error.
import { Agent, FormData, getGlobalDispatcher, request, setGlobalDispatcher } from 'undici';
import type { Transcript } from './transcript.ts';

export const MAX_RESPONSE_BYTES = 1 << 20;

// One agent for every probe, so that the end of a run can close what the target keeps alive; idle sockets
// go after 4 s whatever `Keep-Alive: timeout=` the target asks for.
let agent: Agent | undefined;
const dispatcher = (): Agent => (agent ??= new Agent({ keepAliveTimeout: 4000, keepAliveMaxTimeout: 4000 }));

/**
 * Destroys the probes' agent and undici's global one (direct `request()` calls use it), replacing both, so
 * that no keep-alive connection outlives a run.
 */
export async function closeHttpAgents(): Promise<void> {
  const ours = agent;
  agent = undefined;
  const global = getGlobalDispatcher();
  setGlobalDispatcher(new Agent());
  await Promise.all([ours?.destroy(), global.destroy()].map((p) => p?.catch(() => undefined)));
}

export interface HttpRequest {
  method: string;
  path: string;
  token?: string;
  query?: Record<string, string | number>;
  json?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** Parsed JSON, or undefined when the body is not JSON. */
  json: unknown;
  contentType: string;
  url: string;
}

/** The target could not be reached or did not answer in time: not a verdict on a requirement. */
export class NetworkError extends Error {
  constructor(message: string, readonly kind: 'timeout' | 'refused' | 'reset' | 'too-large' | 'other') {
    super(message);
    this.name = 'NetworkError';
  }
}

function networkError(err: unknown, what: string, timeoutMs: number): NetworkError {
  const code = (err as { code?: string }).code ?? '';
  if (/TIMEOUT/.test(code) || (err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError') {
    return new NetworkError(`${what}: no answer within ${timeoutMs} ms`, 'timeout');
  }
  if (code === 'ECONNREFUSED') return new NetworkError(`${what}: connection refused`, 'refused');
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return new NetworkError(`${what}: connection reset`, 'reset');
  return new NetworkError(`${what}: ${(err as Error).message}`, 'other');
}

export async function httpExchange(baseUrl: string, req: HttpRequest, timeoutMs: number, transcript?: Transcript): Promise<HttpResponse> {
  const url = new URL(req.path, `${baseUrl}/`);
  for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, String(v));
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  if (req.token) headers.authorization = `Bearer ${req.token}`;
  let body: string | FormData | undefined;
  let sentBody: string | undefined;
  if (req.json !== undefined) {
    body = JSON.stringify(req.json);
    sentBody = body;
    headers['content-type'] = 'application/json';
  } else if (req.form) {
    body = req.form;
    sentBody = [...req.form.keys()].map((k) => `${k}=…`).join('&');
  }
  const line = `${req.method} ${url.pathname}${url.search}`;
  transcript?.record('http', 'send', req.token ? `${line} [with Authorization header]` : line, sentBody);
  const signal = AbortSignal.timeout(timeoutMs);
  let res;
  try {
    res = await request(url, { dispatcher: dispatcher(), method: req.method as 'GET', headers, body, signal, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  } catch (err) {
    const e = networkError(err, line, timeoutMs);
    transcript?.record('http', 'recv', e.message);
    throw e;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > MAX_RESPONSE_BYTES) {
        res.body.destroy();
        const e = new NetworkError(`${line}: response body over ${MAX_RESPONSE_BYTES} bytes`, 'too-large');
        transcript?.record('http', 'recv', e.message);
        throw e;
      }
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    if (err instanceof NetworkError) throw err;
    const e = networkError(err, line, timeoutMs);
    transcript?.record('http', 'recv', e.message);
    throw e;
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(', ') : v;
  const contentType = flat['content-type'] ?? '';
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  transcript?.record('http', 'recv', `${res.statusCode} ${contentType.split(';')[0] || 'no content-type'} (${size} B)`, text);
  return { status: res.statusCode, headers: flat, text, json, contentType, url: url.toString() };
}

/** Whether anything answers HTTP at baseUrl (any status counts). */
export async function probeReachable(baseUrl: string, timeoutMs: number): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    await httpExchange(baseUrl, { method: 'GET', path: '/' }, timeoutMs);
    return { ok: true };
  } catch (err) {
    if (err instanceof NetworkError && err.kind === 'too-large') return { ok: true };
    return { ok: false, reason: (err as Error).message };
  }
}

export { FormData };
