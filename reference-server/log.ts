// Structured logs (pino, JSON lines). Handlers log only fields built here or plain ids: never a header,
// a body or a raw URL, so no token or password can reach a log line. URLs go through core/redact.ts.
import { pino, type Logger } from 'pino';
import { Redactor } from '../core/redact.ts';

export type { Logger };

const redactor = new Redactor();

/** `/ws/chat/1/?token=eyJ...` -> `/ws/chat/1/?token=[redacted]`. */
export function safeUrl(url: string | undefined): string {
  return redactor.text(url ?? '');
}

/** Error text for a log line: message and code only, redacted (a jose message never holds the token, but be sure). */
export function safeError(err: unknown): { message: string; code?: string; stack?: string } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return {
      message: redactor.text(err.message),
      ...(typeof code === 'string' ? { code } : {}),
      ...(err.stack ? { stack: redactor.text(err.stack) } : {}),
    };
  }
  return { message: redactor.text(String(err)) };
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
