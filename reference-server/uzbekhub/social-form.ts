// The bodies of 004's posts and stories: `multipart/form-data` as documented (§Posts API 2 and 4,
// §Stories API 2 and 4, §File Upload: `images` may repeat, `media` once), or JSON (D-uzbekhub-15: the
// examples are written as JSON, so a client sending JSON without files is served too).
import busboy from 'busboy';
import { ServerError } from '../errors.ts';
import { readJsonBody, type RequestContext } from '../http.ts';
import { guessMime } from '../media.ts';

const MAX_FILE = 10 * 1024 * 1024;

export interface Part {
  name: string;
  mime: string;
  data: Buffer;
}

export interface SocialForm {
  /** field values: a JSON body's as sent; a form's as strings, an array when a name repeats */
  fields: Record<string, unknown>;
  /** file parts by field name */
  files: Record<string, Part[]>;
}

const bad = (field: string, text: string) => ServerError.validation({ [field]: [text] });

/** The request's fields and file parts, whichever of multipart or JSON it was sent as. */
export async function readSocialBody(rc: RequestContext): Promise<SocialForm> {
  if (/^multipart\/form-data\b/i.test(String(rc.req.headers['content-type'] ?? ''))) return parseMultipart(rc);
  const body = await readJsonBody(rc.req);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('non_field_errors', 'Invalid data. Expected a dictionary.');
  return { fields: body as Record<string, unknown>, files: {} };
}

function parseMultipart(rc: RequestContext): Promise<SocialForm> {
  return new Promise((resolve, reject) => {
    const out: SocialForm = { fields: {}, files: {} };
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: rc.req.headers, limits: { fileSize: MAX_FILE, files: 10, fields: 20, fieldSize: 64 * 1024 } });
    } catch (err) {
      return reject(bad('non_field_errors', `Multipart form parse error - ${(err as Error).message}`));
    }
    bb.on('field', (name, value) => {
      const had = out.fields[name];
      out.fields[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
    });
    bb.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', () => {});
      stream.on('end', () => {
        if (stream.truncated) return reject(new ServerError('PAYLOAD_TOO_LARGE'));
        const file = info.filename || 'file';
        const mime = /^[\w.+-]+\/[\w.+-]+$/.test(info.mimeType) && info.mimeType !== 'application/octet-stream' ? info.mimeType : guessMime(file);
        (out.files[name] ??= []).push({ name: file, mime, data: Buffer.concat(chunks) });
      });
    });
    bb.on('error', (err: Error) => reject(bad('non_field_errors', `Multipart form parse error - ${err.message}`)));
    bb.on('close', () => resolve(out));
    rc.req.on('error', (err) => bb.destroy(err));
    rc.req.pipe(bb);
  });
}

/** A field as one string (a repeated form field: its last value), or undefined. */
export function text(form: SocialForm, name: string): string | undefined {
  const v = form.fields[name];
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof last === 'string' ? last : typeof last === 'number' ? String(last) : undefined;
}

/**
 * A list of integer ids as a form or JSON may carry it (D-uzbekhub-15): a JSON array, a repeated field,
 * or one field holding "[2, 3]" or "2,3". Undefined when absent; 400 when not ids.
 */
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
