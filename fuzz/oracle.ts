// What a fuzz outcome means: a crash (the port refuses connections afterwards), a 5xx or a server-error
// close code for client input, a hang (no answer in time, or a connection dropped without one), or a
// reply whose shape the dialect's profile does not allow. Everything else is a pass.
import type { DialectProfile } from '../core/profiles.ts';
import { validate } from '../core/schemas.ts';
import { templatePattern } from '../reference-server/routes.ts';
import type { FuzzCase } from './cases.ts';
import type { Outcome, WsOutcome } from './raw.ts';

export type Verdict = 'ok' | 'crash' | '5xx' | 'hang' | 'shape';

export interface Judgement {
  verdict: Verdict;
  observed: string;
}

/** Close codes any WebSocket server may use for a client's protocol error (RFC 6455 §7.4.1). */
const PROTOCOL_CLOSES = new Set([1000, 1001, 1002, 1003, 1007, 1008, 1009, 1013]);
/** Close codes that say the server failed, not the client. */
const SERVER_ERROR_CLOSES = new Set([1011, 4500]);

function jsonOf(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

/** The error-body schema the profile names for a status. */
/**
 * The operation whose reply a case judges: its endpoint's, unless dot segments in the target made it
 * another path (`/api/stories/archive/./` is the archive list, RFC 3986 §5.2.4), then the one there.
 */
function routedSpec(profile: DialectProfile, c: FuzzCase): DialectProfile['rest'][string] | undefined {
  const spec = c.endpoint ? profile.rest[c.endpoint] : undefined;
  const target = c.http?.target;
  if (!spec || !target || !/(^|\/)\.\.?(\/|$|\?)/.test(target.split('?')[0]!)) return spec;
  const path = new URL(target, 'http://x').pathname;
  return Object.values(profile.rest).find((op) => op.method === c.http!.method && templatePattern(op.path).test(path));
}

function errorSchema(profile: DialectProfile, status: number): string | undefined {
  const map = profile.errors?.body as Record<string, string> | undefined;
  return map?.[String(status)] ?? map?.default;
}

export function judgeHttp(profile: DialectProfile, c: FuzzCase, o: Outcome, alive: boolean): Judgement {
  if (o.kind === 'refused' || !alive) return { verdict: 'crash', observed: `connection refused afterwards (${o.kind} after ${o.ms} ms)` };
  if (o.kind === 'timeout') return { verdict: 'hang', observed: `no reply within ${o.ms} ms` };
  if (o.kind === 'dropped') return { verdict: 'hang', observed: `connection closed after ${o.ms} ms without a reply` };
  const where = `HTTP ${o.status}`;
  if (o.status >= 500) return { verdict: '5xx', observed: `${where} ${o.body.toString('utf8').slice(0, 200)}` };
  if (o.status === 101 || o.status === 204 || o.status === 304 || c.http?.method === 'HEAD') return { verdict: 'ok', observed: where };
  const spec = routedSpec(profile, c);
  const schema = o.status >= 400 ? errorSchema(profile, o.status) : spec?.response;
  if (!schema) return { verdict: 'ok', observed: where };
  const type = o.headers['content-type'] ?? '';
  if (!/json/i.test(type)) return { verdict: 'shape', observed: `${where} with Content-Type '${type}', expected JSON (${schema})` };
  const parsed = jsonOf(o.body);
  if (!parsed.ok) return { verdict: 'shape', observed: `${where} body is not JSON: ${o.body.toString('utf8').slice(0, 120)}` };
  const verdict = validate(schema, parsed.value);
  if (!verdict.ok) return { verdict: 'shape', observed: `${where} body does not match ${schema}: ${verdict.errors.slice(0, 3).join('; ')}` };
  return { verdict: 'ok', observed: where };
}

function frameSchemas(profile: DialectProfile): string[] {
  const out = Object.values(profile.frames?.out ?? {});
  if (profile.errors?.frame) out.push(profile.errors.frame);
  return [...new Set(out)];
}

export function judgeWs(profile: DialectProfile, o: WsOutcome, alive: boolean, pongExpected: boolean): Judgement {
  if (o.kind === 'refused' || !alive) return { verdict: 'crash', observed: `connection refused afterwards (${o.kind} after ${o.ms} ms)` };
  if (o.kind === 'timeout') return { verdict: 'hang', observed: `no handshake reply within ${o.ms} ms` };
  if (o.kind === 'dropped') return { verdict: 'hang', observed: `connection closed after ${o.ms} ms without a handshake reply` };
  if (o.kind === 'refused-http') {
    if (o.status >= 500) return { verdict: '5xx', observed: `handshake refused with HTTP ${o.status}` };
    return { verdict: 'ok', observed: `handshake refused with HTTP ${o.status}` };
  }
  const schemas = frameSchemas(profile);
  for (const text of o.frames) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { verdict: 'shape', observed: `a frame that is not JSON: ${text.slice(0, 120)}` };
    }
    if (schemas.length && !schemas.some((s) => validate(s, value).ok)) return { verdict: 'shape', observed: `a frame matching none of ${schemas.join(', ')}: ${text.slice(0, 160)}` };
  }
  if (o.kind === 'closed') {
    const code = o.code;
    if (code !== undefined && SERVER_ERROR_CLOSES.has(code)) return { verdict: '5xx', observed: `closed with ${code} (a server error)` };
    const documented = Object.keys(profile.closeCodes ?? {}).map(Number);
    if (code !== undefined && !PROTOCOL_CLOSES.has(code) && !documented.includes(code)) return { verdict: 'shape', observed: `closed with ${code}, a code the document does not list` };
    return { verdict: 'ok', observed: `closed with ${code ?? 'no code'} after ${o.frames.length} frame(s)` };
  }
  if (pongExpected && !o.pong) return { verdict: 'hang', observed: `socket open but no pong within ${o.ms} ms` };
  return { verdict: 'ok', observed: `open, ${o.frames.length} frame(s)` };
}
