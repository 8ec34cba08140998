// Structured logs (pino, JSON lines). Handlers log only fields built here or plain ids: never a header,
// a body or a raw URL, so no token or password can reach a log line. URLs go through core/redact.ts.
import { pino, type Logger } from 'pino';
import { REDACTED, Redactor } from '../core/redact.ts';

export type { Logger };

const redactor = new Redactor();

/** A parameter whose decoded name says it holds a credential (`token`, `visitor`, `access_token`, `password[]`…). */
const SECRET_NAME = /token|visitor|access|refresh|passw|secret|jwt|auth/i;
const JWT = /eyJ[\w-]{6,}/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const MAX_LOGGED_URL = 2048;
/** Bounds the by-value registry; the oldest secrets go first (they are also the likeliest to have expired). */
const MAX_ISSUED = 100_000;
const issued = new Set<string>();

/**
 * A secret this process handed out (a visitor token): from now on it is redacted by value wherever it
 * appears, under any parameter name, in a path, or in an error message. JWTs need no registration: every
 * one the server signs starts with `eyJ` and is redacted by shape.
 */
export function rememberSecret(value: string): void {
  if (value.length < 8) return;
  issued.add(value.toLowerCase());
  if (issued.size > MAX_ISSUED) issued.delete(issued.values().next().value!);
}

/** Percent-decoding as URLSearchParams does it, byte by byte, never throwing on a malformed `%`. */
function decode(text: string): string {
  return text.replace(/\+/g, ' ').replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function holdsSecret(decoded: string): boolean {
  if (JWT.test(decoded)) return true;
  if (issued.size === 0) return false;
  if (issued.has(decoded.toLowerCase())) return true;
  for (const m of decoded.matchAll(UUID)) if (issued.has(m[0].toLowerCase())) return true;
  return false;
}

function redactIssued(text: string): string {
  if (issued.size === 0) return text;
  return text.replace(UUID, (m) => (issued.has(m.toLowerCase()) ? REDACTED : m));
}

/**
 * `/ws/chat/1/?token=eyJ...` -> `/ws/chat/1/?token=[redacted]`. Parameter names are matched after
 * percent-decoding (`?%76isitor=` is `?visitor=` to the server), values and path segments by value.
 */
export function safeUrl(url: string | undefined): string {
  const raw = url ?? '';
  const q = raw.indexOf('?');
  const path = (q < 0 ? raw : raw.slice(0, q))
    .split('/')
    .map((seg) => (holdsSecret(decode(seg)) ? REDACTED : seg))
    .join('/');
  let out = path;
  if (q >= 0) {
    const pairs = raw.slice(q + 1).split('&').map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      const value = eq < 0 ? '' : pair.slice(eq + 1);
      const decodedName = decode(name);
      if (holdsSecret(decodedName)) return REDACTED;
      if (SECRET_NAME.test(decodedName) || holdsSecret(decode(value))) return `${name}=${REDACTED}`;
      return pair;
    });
    out += `?${pairs.join('&')}`;
  }
  out = redactor.text(redactIssued(out));
  return out.length > MAX_LOGGED_URL ? `${out.slice(0, MAX_LOGGED_URL)}…(${raw.length} chars)` : out;
}

/** Error text for a log line: message and code only, redacted (a jose message never holds the token, but be sure). */
export function safeError(err: unknown): { message: string; code?: string; stack?: string } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return {
      message: redactor.text(redactIssued(err.message)),
      ...(typeof code === 'string' ? { code } : {}),
      ...(err.stack ? { stack: redactor.text(redactIssued(err.stack)) } : {}),
    };
  }
  let text: string;
  try {
    text = String(err);
  } catch {
    text = typeof err;
  }
  return { message: redactor.text(redactIssued(text)) };
}

export function createLogger(option: Logger | false | undefined, name: string): Logger {
  if (option === false) return pino({ enabled: false });
  const base = option ?? pino({
    level: process.env.LOG_LEVEL ?? 'info',
    // Belt and braces: these paths are never logged, but if one ever is, it is censored.
    redact: { paths: ['req.headers.authorization', 'password', 'token', 'access', 'refresh', '*.password', '*.token'], censor: '[redacted]' },
  });
  return base.child({ name });
}
