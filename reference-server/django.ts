// What Django, DRF and SimpleJWT do that every dialect's reference server mirrors: serializer field
// errors, error bodies, DateTimeField rendering and django.utils.html.escape().
import { ServerError } from './errors.ts';
import type { Reply } from './http.ts';

/** DRF's field error messages. */
export const REQUIRED = 'This field is required.';
export const BLANK = 'This field may not be blank.';

/**
 * A client's value as text for an error message, like DRF's `str(value)`, without ever calling the
 * value's own toString/valueOf (`{"toString": 1}` makes String() throw). At most 200 characters.
 */
export function showValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean' || value === null) text = JSON.stringify(value);
  else {
    try {
      text = JSON.stringify(value) ?? typeof value;
    } catch {
      text = typeof value;
    }
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** DRF CharField rules for the named fields of a JSON object body. */
export function requireStrings(body: unknown, names: string[]): Record<string, string> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw ServerError.validation({ non_field_errors: [`Invalid data. Expected a dictionary, but got ${Array.isArray(body) ? 'list' : typeof body}.`] });
  }
  const fields: Record<string, string[]> = {};
  const out: Record<string, string> = {};
  for (const name of names) {
    const v = (body as Record<string, unknown>)[name];
    if (v === undefined || v === null) fields[name] = [REQUIRED];
    else if (typeof v !== 'string' && typeof v !== 'number') fields[name] = ['Not a valid string.'];
    else if (String(v).trim() === '') fields[name] = [BLANK];
    else out[name] = String(v);
  }
  if (Object.keys(fields).length > 0) throw ServerError.validation(fields);
  return out;
}

/** Django's django.utils.html.escape (D-medmapp-13). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };

const TOKEN_CODES = new Set(['TOKEN_INVALID', 'TOKEN_EXPIRED', 'TOKEN_WRONG_TYPE']);

/**
 * DRF's error bodies: 400 `{field: [messages]}`, otherwise `{"detail"}` (SimpleJWT adds
 * `code: "token_not_valid"` to token failures).
 */
export function renderDrfError(err: ServerError, dialect: string): Reply {
  const status = err.status ?? 500;
  if (err.code === 'VALIDATION') {
    return { status, body: err.fields ?? { non_field_errors: [err.message] }, schema: `${dialect}/error-validation` };
  }
  const headers: Record<string, string> = {};
  if (status === 401) headers['WWW-Authenticate'] = 'Bearer realm="api"';
  if (typeof err.extra?.allow === 'string') headers.Allow = err.extra.allow;
  const body = TOKEN_CODES.has(err.code) ? { detail: err.message, code: 'token_not_valid' } : { detail: err.message };
  return { status, body, headers, schema: `${dialect}/error-detail` };
}

/** DRF's DateTimeField rendering. */
export function timestamp(ms: number): string {
  return new Date(ms).toISOString();
}
