// What Django and DRF do that every dialect's reference server mirrors: serializer field errors and
// django.utils.html.escape().
import { ServerError } from './errors.ts';

const REQUIRED = 'This field is required.';
const BLANK = 'This field may not be blank.';

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
