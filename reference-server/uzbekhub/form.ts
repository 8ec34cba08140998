// The `multipart/form-data` bodies of 004 (§File Upload: profile_picture, images, media, profile_pic, file),
// read into memory by one reader. Every part gets an error listener: a form cut short errors each part
// still open, and one without a listener would end the process. A part over its size is 413; a malformed
// form is 400, reported under `errorField`.
import busboy from 'busboy';
import { ServerError } from '../errors.ts';
import type { RequestContext } from '../http.ts';
import { guessMime } from '../media.ts';

export interface Part {
  name: string;
  mime: string;
  data: Buffer;
}

export interface Form {
  /** field values: a JSON body's as sent; a form's as strings, an array when a name repeats */
  fields: Record<string, unknown>;
  /** file parts by field name */
  files: Record<string, Part[]>;
}

export interface FormLimits {
  /** bytes per file part */
  maxFile: number;
  /** file parts read at most */
  files: number;
  /** text fields read at most (default 20) */
  fields?: number;
  /** the file parts kept (default: all); the others are read and dropped */
  keep?: (name: string) => boolean;
  /** the field a parse error names in `details` (default non_field_errors) */
  errorField?: string;
}

export function readMultipart(rc: RequestContext, limits: FormLimits): Promise<Form> {
  const invalid = (message: string) => ServerError.validation({ [limits.errorField ?? 'non_field_errors']: [`Multipart form parse error - ${message}`] });
  return new Promise((resolve, reject) => {
    const out: Form = { fields: {}, files: {} };
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: rc.req.headers, limits: { fileSize: limits.maxFile, files: limits.files, fields: limits.fields ?? 20, fieldSize: 64 * 1024 } });
    } catch (err) {
      return reject(invalid((err as Error).message));
    }
    bb.on('field', (name, value) => {
      const had = out.fields[name];
      out.fields[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
    });
    bb.on('file', (name, stream, info) => {
      stream.on('error', () => {});
      if (limits.keep && !limits.keep(name)) return void stream.resume();
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (stream.truncated) return reject(new ServerError('PAYLOAD_TOO_LARGE'));
        const file = info.filename || 'file';
        const mime = /^[\w.+-]+\/[\w.+-]+$/.test(info.mimeType) && info.mimeType !== 'application/octet-stream' ? info.mimeType : guessMime(file);
        (out.files[name] ??= []).push({ name: file, mime, data: Buffer.concat(chunks) });
      });
    });
    bb.on('error', (err: Error) => reject(invalid(err.message)));
    bb.on('close', () => resolve(out));
    rc.req.on('error', (err) => bb.destroy(err));
    rc.req.pipe(bb);
  });
}

/** A field as one string (a repeated form field: its last value), or undefined. */
export function text(form: Form, name: string): string | undefined {
  const v = form.fields[name];
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof last === 'string' ? last : typeof last === 'number' ? String(last) : undefined;
}
