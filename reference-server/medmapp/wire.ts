// The one place where a ServerError becomes Medmapp bytes: DRF-style REST error bodies (D-medmapp-16)
// and §3.3/§3.5 error frames (D-medmapp-04), plus the other outgoing frames.
import type { ServerError } from '../errors.ts';
import type { FaultSet } from '../faults.ts';
import type { Reply } from '../http.ts';
import type { SelfCheck } from '../self-check.ts';
import type { MedmappMessage } from '../../generated/types/medmapp/message.ts';

const TOKEN_CODES = new Set(['TOKEN_INVALID', 'TOKEN_EXPIRED', 'TOKEN_WRONG_TYPE']);

export function renderHttpError(err: ServerError, faults: FaultSet): Reply {
  const status = err.status ?? 500;
  if (faults.has('rest-errors-not-json') && (status === 401 || status === 404)) {
    const title = status === 401 ? 'Unauthorized' : 'Not Found';
    return { status, text: `<!doctype html><title>${title}</title><h1>${title}</h1>`, contentType: 'text/html; charset=utf-8' };
  }
  if (err.code === 'VALIDATION') {
    return { status, body: err.fields ?? { non_field_errors: [err.message] }, schema: 'medmapp/error-validation' };
  }
  const headers: Record<string, string> = {};
  if (status === 401) headers['WWW-Authenticate'] = 'Bearer realm="api"';
  if (typeof err.extra?.allow === 'string') headers.Allow = err.extra.allow;
  // SimpleJWT adds `code: "token_not_valid"` to token failures.
  const body = TOKEN_CODES.has(err.code) ? { detail: err.message, code: 'token_not_valid' } : { detail: err.message };
  return { status, body, headers, schema: 'medmapp/error-detail' };
}

export interface ErrorFrame {
  type?: 'error';
  error: string;
  code?: string;
  [extra: string]: unknown;
}

export function errorFrame(err: ServerError, faults: FaultSet): ErrorFrame {
  const frame: ErrorFrame = { type: 'error', error: err.message, code: err.code, ...err.extra };
  if (faults.has('error-frame-without-type')) delete frame.type;
  if (faults.has('error-frame-without-code')) delete frame.code;
  return frame;
}

/** Serializes a frame once, self-checking it against the schema of its type. */
export function frameText(frame: { type?: string; code?: string }, selfCheck: SelfCheck): string {
  if (selfCheck.enabled) {
    const schema =
      frame.type === 'chat_message' ? 'medmapp/ws-out-chat-message'
      : frame.type === 'status_update' ? 'medmapp/ws-out-status-update'
      : frame.code === 'RATE_LIMIT_EXCEEDED' ? 'medmapp/ws-out-rate-limit-error'
      : 'medmapp/ws-out-error';
    selfCheck.check(schema, frame, `ws ${frame.type ?? 'error'}`);
  }
  return JSON.stringify(frame);
}

export const chatMessageFrame = (data: MedmappMessage) => ({ type: 'chat_message' as const, data });

export const statusUpdateFrame = (conversationId: number, status: string, isActive: boolean) => ({
  type: 'status_update' as const,
  data: { conversation_id: conversationId, status, is_active: isActive },
});
