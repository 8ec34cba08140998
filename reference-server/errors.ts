// Every error the reference server can put on the wire, like ws's WS_ERR_* codes: one class with a stable
// code, one table saying what each code maps to (HTTP status, WebSocket close code, or an error frame), and
// the dialect's wire module as the one place that renders it (medmapp/wire.ts).

export interface ErrorSpec {
  /** HTTP status when the error ends a REST request. */
  status?: number;
  /** WebSocket close code when the error ends a connection. */
  close?: number;
  /** true when the error is answered with an error frame and the socket stays open. */
  frame?: boolean;
  /** Default human text (dialects may override per occurrence). */
  message: string;
}

export const ERROR_CODES = {
  AUTH_MISSING: { status: 401, close: 4001, message: 'Authentication credentials were not provided.' },
  TOKEN_INVALID: { status: 401, close: 4001, message: 'Given token not valid for any token type' },
  TOKEN_EXPIRED: { status: 401, close: 4001, message: 'Token is invalid or expired' },
  TOKEN_WRONG_TYPE: { status: 401, close: 4001, message: 'Token has wrong type' },
  BAD_CREDENTIALS: { status: 401, message: 'No active account found with the given credentials' },
  VALIDATION: { status: 400, message: 'Invalid input.' },
  NOT_FOUND: { status: 404, message: 'Not found.' },
  INVALID_PAGE: { status: 404, message: 'Invalid page.' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'Method not allowed.' },
  PAYLOAD_TOO_LARGE: { status: 413, close: 1009, message: 'Request body too large.' },
  URI_TOO_LONG: { status: 414, message: 'Request-URI Too Long' },
  HEADERS_TOO_LARGE: { status: 431, message: 'Request Header Fields Too Large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Unsupported media type in request.' },
  BAD_WS_PATH: { close: 4000, message: 'Bad Request' },
  FORBIDDEN_ROOM: { status: 403, close: 4003, message: 'Forbidden' },
  /** A room that does not exist: closed like FORBIDDEN_ROOM (not leaking existence), but told apart so a variant can differ. */
  UNKNOWN_ROOM: { status: 404, close: 4003, message: 'Forbidden' },
  SLOW_CONSUMER: { close: 1013, message: 'Try Again Later' },
  SHUTTING_DOWN: { status: 503, close: 1001, message: 'Going Away' },
  INTERNAL: { status: 500, close: 4500, message: 'Internal Error' },
  INVALID_JSON: { frame: true, message: "Noto'g'ri JSON format." },
  INVALID_MESSAGE: { frame: true, message: "'message' maydoni bo'sh bo'lmagan matn bo'lishi kerak." },
  EMPTY_MESSAGE: { frame: true, message: "Xabar bo'sh bo'lishi mumkin emas." },
  UNSUPPORTED_TYPE: { frame: true, message: "Bu xabar turi qo'llab-quvvatlanmaydi; fayllar /upload_file/ orqali yuboriladi." },
  RATE_LIMIT_EXCEEDED: { status: 429, frame: true, message: "Juda ko'p so'rov. 1 soniya kuting." },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ServerErrorOptions {
  message?: string;
  /** DRF-style field errors for VALIDATION: `{field: [messages]}`. */
  fields?: Record<string, string[]>;
  /** Overrides the table's close code (used by fault switches that send the wrong code on purpose). */
  close?: number;
  /** Extra members of an error frame, e.g. `retry_after`. */
  extra?: Record<string, unknown>;
  cause?: unknown;
  /** Why the handler refused (seams.ts `refuse`): what admission faults key their close codes on. */
  reason?: string;
}

export class ServerError extends Error {
  readonly code: ErrorCode;
  readonly status: number | undefined;
  /** The table's close code, or the explicit one; a dialect's profile may name another (close-codes.ts). */
  readonly closeCode: number | undefined;
  /** The close code given explicitly (a fault's wrong code on purpose): it wins over profile and variant tables. */
  readonly closeOverride: number | undefined;
  readonly fields: Record<string, string[]> | undefined;
  readonly extra: Record<string, unknown> | undefined;
  readonly reason: string | undefined;

  constructor(code: ErrorCode, opts: ServerErrorOptions = {}) {
    const spec: ErrorSpec = ERROR_CODES[code];
    super(opts.message ?? spec.message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'ServerError';
    this.code = code;
    this.status = spec.status;
    this.closeCode = opts.close ?? spec.close;
    this.closeOverride = opts.close;
    this.fields = opts.fields;
    this.extra = opts.extra;
    this.reason = opts.reason;
  }

  static validation(fields: Record<string, string[]>): ServerError {
    return new ServerError('VALIDATION', { fields });
  }
}

/** Anything thrown that is not a ServerError becomes INTERNAL (and is logged by the caller). */
export function toServerError(err: unknown): ServerError {
  return err instanceof ServerError ? err : new ServerError('INTERNAL', { cause: err });
}
