// The bodies of 004's posts and stories: `multipart/form-data` as documented (§Posts API 2 and 4,
// §Stories API 2 and 4, §File Upload: `images` may repeat, `media` once), or JSON (D-uzbekhub-15: the
// examples are written as JSON, so a client sending JSON without files is served too).
import { ServerError } from '../errors.ts';
import { readJsonBody, type RequestContext } from '../http.ts';
import { readMultipart, type Form } from './form.ts';

export { text, type Part } from './form.ts';

const MAX_FILE = 10 * 1024 * 1024;

export type SocialForm = Form;

const bad = (field: string, text: string) => ServerError.validation({ [field]: [text] });

/** The request's fields and file parts, whichever of multipart or JSON it was sent as. */
export async function readSocialBody(rc: RequestContext): Promise<SocialForm> {
  if (/^multipart\/form-data\b/i.test(String(rc.req.headers['content-type'] ?? ''))) return readMultipart(rc, { maxFile: MAX_FILE, files: 10 });
  const body = await readJsonBody(rc.req);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('non_field_errors', 'Invalid data. Expected a dictionary.');
  return { fields: body as Record<string, unknown>, files: {} };
}

export function idList(form: SocialForm, name: string): number[] | undefined {
  const v = form.fields[name];
  if (v === undefined || v === null) return undefined;
  let items: unknown[];
  if (Array.isArray(v)) items = v.flatMap((x) => (typeof x === 'string' ? splitIds(x, name) : [x]));
  else if (typeof v === 'string') items = splitIds(v, name);
  else items = [v];
  const ids = items.map((x) => (typeof x === 'number' ? x : typeof x === 'string' && /^\d+$/.test(x.trim()) ? Number(x) : NaN));
  const wrong = items.find((_, i) => !Number.isInteger(ids[i]) || ids[i]! < 1);
  if (wrong !== undefined) throw bad(name, `Incorrect type. Expected pk value, received ${typeof wrong}.`);
  return [...new Set(ids)];
}

function splitIds(raw: string, name: string): unknown[] {
  const s = raw.trim();
  if (s === '') return [];
  if (s.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(s);
      if (Array.isArray(parsed)) return parsed;
    } catch {
      // not JSON: read as a comma list below
    }
    throw bad(name, 'Expected a list of items.');
  }
  return s.split(',').map((x) => x.trim());
}
