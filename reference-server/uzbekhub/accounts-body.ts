// Request bodies of 004 §Accounts API as DRF's serializers read them: an object, required text and integer
// fields with DRF's messages, path parameters; and the {"message"} acknowledgement many answers are.
import { ServerError } from '../errors.ts';
import { readJsonBody, type RequestContext } from '../http.ts';

export type Json = Record<string, unknown>;

export const REQUIRED = 'This field is required.';
export const bad = (field: string, text: string) => ServerError.validation({ [field]: [text] });
export const ack = (message: string, status = 200) => ({ status, body: { message }, schema: 'uzbekhub/ack-response' as const });

/** A JSON (or form-encoded) object body; 400 for anything else. */
export async function object(rc: RequestContext): Promise<Json> {
  const b = await readJsonBody(rc.req);
  if (!b || typeof b !== 'object' || Array.isArray(b)) throw bad('non_field_errors', 'Invalid data. Expected a dictionary.');
  return b as Json;
}

/** A required string field (DRF CharField: numbers are taken as text). */
export function text(b: Json, name: string): string {
  const v = b[name];
  if (v === undefined || v === null) throw bad(name, REQUIRED);
  if (typeof v !== 'string' && typeof v !== 'number') throw bad(name, 'Not a valid string.');
  const s = String(v);
  if (s.trim() === '') throw bad(name, 'This field may not be blank.');
  return s;
}

/** A required integer id field. */
export function intField(b: Json, name: string): number {
  const v = b[name];
  if (v === undefined || v === null || v === '') throw bad(name, REQUIRED);
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 1) throw bad(name, 'Incorrect type. Expected pk value.');
  return n;
}

/** A path segment as text (a malformed escape is taken as written). */
export function decoded(segment: string | undefined): string {
  try {
    return decodeURIComponent(segment ?? '');
  } catch {
    return segment ?? '';
  }
}

export const idParam = (rc: RequestContext, name = 'id'): number => (/^\d+$/.test(rc.params[name] ?? '') ? Number(rc.params[name]) : NaN);

export const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : v === 'true' || v === 'True' || v === '1' ? true : v === 'false' || v === 'False' || v === '0' ? false : undefined);
