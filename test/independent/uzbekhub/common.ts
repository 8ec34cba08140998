// Shared types and helpers of the blind UzbekHub server (see server.ts, CHOICES.md).
import http from 'node:http';
import crypto from 'node:crypto';
import busboy from 'busboy';

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

export const ACCESS_TTL_S = 60 * 60; // 1 hour
export const REFRESH_TTL_S = 7 * 24 * 60 * 60; // 7 days
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1000;
export const MAX_JSON_BODY = 1 << 20; // 1 MiB
export const MAX_UPLOAD = 20 * 1024 * 1024; // 20 MiB per file
export const MAX_TEXT = 10000;
export const WS_MAX_PAYLOAD = 1 << 20;
export const FILE_TYPES = ['image', 'video', 'voice', 'document', 'other'] as const;

export const MSG_NOT_PROVIDED = 'Authentication credentials were not provided.';
export const MSG_TOKEN_INVALID = 'Given token not valid for any token type';
export const MSG_FORBIDDEN = 'You do not have permission to perform this action.';

// WebSocket close codes used after a connection has been accepted.
export const CLOSE_NOT_MEMBER = 4003;
export const CLOSE_ROOM_DELETED = 4004;

// 1x1 transparent PNG used as placeholder picture for the fixture users / room.
export const PLACEHOLDER_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

export type Role = 'owner' | 'admin' | 'member';
export type RoomType = 'private' | 'group';

export interface Location {
  id: number;
  lat: string;
  long: string;
  country: string | null;
  city: string | null;
  county: string | null;
  neighbourhood: string | null;
  created_at: Date;
  update_at: Date;
}
export interface Status {
  id: number;
  content: string;
  created_at: Date;
  updated_at: Date;
}
export interface User {
  id: number;
  email: string;
  pwSalt: Buffer;
  pwHash: Buffer;
  first_name: string;
  last_name: string;
  username: string;
  bio: string;
  profile_picture: string | null; // media path, e.g. /media/profile_pictures/x.png
  phone: string;
  is_private: boolean;
  is_active: boolean;
  is_staff: boolean;
  date_joined: Date;
  last_login: Date | null;
  last_online: Date | null;
  location: Location | null;
  status: Status | null;
}
export interface Room {
  id: string;
  room_type: RoomType;
  name: string | null;
  username: string | null;
  description: string | null;
  profile_pic: string | null; // media path
  created_at: Date;
  seq: number;
}
export interface Membership {
  id: number;
  room: string;
  user: number;
  role: Role;
  joined_at: Date;
}
export interface Message {
  id: string;
  room: string;
  sender: number;
  text: string;
  reply_to: string | null;
  files: number[];
  is_edited: boolean;
  created_at: Date;
  update_at: Date;
  seq: number;
}
export interface FileRec {
  id: number;
  owner: number;
  unique_id: string;
  path: string; // media path
  file_type: string;
  file_size: number;
  is_temporary: boolean;
  uploaded_at: Date;
}
export interface Media {
  data: Buffer;
  mime: string;
}
export interface UploadedFile {
  filename: string;
  mime: string;
  data: Buffer;
  tooLarge: boolean;
}
export interface Body {
  fields: Record<string, unknown>;
  multi: Record<string, string[]>;
  files: Record<string, UploadedFile[]>;
  kind: 'json' | 'multipart' | 'form' | 'empty';
}
export interface Conn {
  ws: WebSocket;
  userId: number;
  roomId: string;
  origin: string;
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public body: Record<string, unknown>,
    public headers: Record<string, string> = {},
  ) {
    super(String(status));
  }
}

export const badRequest = (details: Record<string, string[]>) =>
  new ApiError(400, { error: 'Invalid request data', details });
export const notFound = () => new ApiError(404, { error: 'Resource not found' });
export const forbidden = () => new ApiError(403, { detail: MSG_FORBIDDEN });
export const notProvided = () => new ApiError(401, { detail: MSG_NOT_PROVIDED });
export const tokenInvalid = () => new ApiError(401, { detail: MSG_TOKEN_INVALID });

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

export const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function hashPassword(pw: string, salt: Buffer): Buffer {
  return crypto.scryptSync(pw, salt, 32, { N: 1024 });
}

export function randomPassword(prefix: string): string {
  return `${prefix}-${crypto.randomBytes(9).toString('base64url')}1a`;
}

export function parseIntStrict(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return parseInt(v, 10);
  return null;
}

export function originOf(req: http.IncomingMessage, fallback: string): string {
  const host = req.headers.host;
  return host ? `http://${host}` : fallback;
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, extraHeaders: Record<string, string> = {}) {
  if (status === 204) {
    res.writeHead(204, extraHeaders);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...extraHeaders,
  });
  res.end(text);
}

export function readRaw(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(new ApiError(413, { error: 'Invalid request data', details: { non_field_errors: ['Request body too large.'] } }));
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (e) => {
      if (!failed) reject(e);
    });
  });
}

export function readMultipart(req: http.IncomingMessage): Promise<Body> {
  return new Promise((resolve, reject) => {
    const body: Body = { fields: {}, multi: {}, files: {}, kind: 'multipart' };
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fileSize: MAX_UPLOAD, files: 20, fields: 200 } });
    } catch {
      reject(badRequest({ non_field_errors: ['Multipart form parse error.'] }));
      return;
    }
    bb.on('field', (name, value) => {
      (body.multi[name] ??= []).push(value);
      body.fields[name] = value;
    });
    bb.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      const f: UploadedFile = { filename: info.filename || 'file', mime: info.mimeType || 'application/octet-stream', data: Buffer.alloc(0), tooLarge: false };
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        f.tooLarge = true;
      });
      stream.on('end', () => {
        f.data = Buffer.concat(chunks);
        (body.files[name] ??= []).push(f);
      });
    });
    bb.on('close', () => resolve(body));
    bb.on('error', () => reject(badRequest({ non_field_errors: ['Multipart form parse error.'] })));
    req.pipe(bb);
  });
}

export async function readBody(req: http.IncomingMessage): Promise<Body> {
  const ct = String(req.headers['content-type'] || '').toLowerCase();
  if (ct.startsWith('multipart/form-data')) return readMultipart(req);
  const raw = await readRaw(req, MAX_JSON_BODY);
  if (raw.length === 0) return { fields: {}, multi: {}, files: {}, kind: 'empty' };
  if (ct.startsWith('application/x-www-form-urlencoded')) {
    const params = new URLSearchParams(raw.toString('utf8'));
    const body: Body = { fields: {}, multi: {}, files: {}, kind: 'form' };
    for (const [k, v] of params) {
      (body.multi[k] ??= []).push(v);
      body.fields[k] = v;
    }
    return body;
  }
  // Anything else is treated as JSON (the documented request format).
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw badRequest({ non_field_errors: [`JSON parse error - ${(e as Error).message}`] });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw badRequest({ non_field_errors: ['Invalid data. Expected a dictionary.'] });
  }
  return { fields: parsed as Record<string, unknown>, multi: {}, files: {}, kind: 'json' };
}

export function guessFileType(mime: string, filename: string): string {
  const m = mime.toLowerCase();
  if (m.startsWith('image/')) return 'image';
  if (m.startsWith('video/')) return 'video';
  if (m.startsWith('audio/')) return 'voice';
  if (
    m.startsWith('text/') ||
    m === 'application/pdf' ||
    m.includes('msword') ||
    m.includes('officedocument') ||
    m.includes('opendocument') ||
    /\.(pdf|docx?|xlsx?|pptx?|txt|odt|rtf|csv)$/i.test(filename)
  )
    return 'document';
  return 'other';
}

export function safeName(filename: string): string {
  const base = filename.split(/[\\/]/).pop() || 'file';
  const cleaned = base.replace(/[^A-Za-z0-9._-]/g, '_').slice(-100);
  return cleaned || 'file';
}


// ---------------------------------------------------------------------------------------------
// Helpers added for the accounts / posts / stories part
// ---------------------------------------------------------------------------------------------

export type Details = Record<string, string[]>;

export const isBlank = (v: unknown) => v === undefined || v === null || v === '';

/** A list-valued field: a JSON array, or in multipart/urlencoded bodies repeated fields, a JSON string or a comma list. */
export function listField(body: Body, name: string): { present: boolean; values: unknown[]; error?: string } {
  if (body.kind === 'json') {
    const v = body.fields[name];
    if (v === undefined || v === null) return { present: false, values: [] };
    if (Array.isArray(v)) return { present: true, values: v };
    return { present: true, values: [], error: `Expected a list of items but got type "${typeof v}".` };
  }
  const raw = body.multi[name] ?? body.multi[`${name}[]`];
  if (!raw) return { present: false, values: [] };
  const values: unknown[] = [];
  for (const v of raw) {
    const t = v.trim();
    if (t.startsWith('[')) {
      try {
        const arr = JSON.parse(t);
        if (Array.isArray(arr)) {
          values.push(...arr);
          continue;
        }
      } catch {
        /* fall through */
      }
      values.push(t);
    } else values.push(...t.split(',').map((s) => s.trim()).filter((s) => s !== ''));
  }
  return { present: true, values };
}

/** DRF BooleanField parsing. Returns undefined for an invalid value. */
export function parseBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === 0) return v === 1;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (['true', '1', 'yes', 'on', 't', 'y'].includes(t)) return true;
    if (['false', '0', 'no', 'off', 'f', 'n'].includes(t)) return false;
  }
  return undefined;
}

/** Sniffs the leading bytes of an upload: 'image', 'video' or null. */
export function sniffMedia(data: Buffer): 'image' | 'video' | null {
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image';
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image';
  if (data.length >= 6 && (data.subarray(0, 6).toString('latin1') === 'GIF87a' || data.subarray(0, 6).toString('latin1') === 'GIF89a')) return 'image';
  if (data.length >= 12 && data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP') return 'image';
  if (data.length >= 2 && data[0] === 0x42 && data[1] === 0x4d) return 'image';
  if (data.length >= 12 && data.subarray(4, 8).toString('latin1') === 'ftyp') {
    const brand = data.subarray(8, 12).toString('latin1');
    return brand.startsWith('hei') || brand.startsWith('avif') || brand === 'mif1' ? 'image' : 'video';
  }
  if (data.length >= 4 && data.readUInt32BE(0) === 0x1a45dfa3) return 'video';
  if (data.length >= 12 && data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 11).toString('latin1') === 'AVI') return 'video';
  return null;
}

export const IMAGE_INVALID = 'Upload a valid image. The file you uploaded was either not an image or a corrupted image.';

/** Great-circle distance in km. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const R = 6371.0088;
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** DRF SimpleRateThrottle: a sliding window of request timestamps per (scope, ident). */
export class Throttle {
  private hist = new Map<string, number[]>();
  constructor(private rates: Record<string, { num: number; durationS: number }>) {}
  /** Records the request and returns null, or the seconds to wait when it is throttled (not recorded). */
  check(scope: string, ident: string): number | null {
    const rate = this.rates[scope];
    if (!rate) return null;
    const key = `throttle_${scope}_${ident}`;
    const now = Date.now() / 1000;
    const h = this.hist.get(key) ?? [];
    while (h.length && h[h.length - 1] <= now - rate.durationS) h.pop();
    if (h.length >= rate.num) {
      const remaining = rate.durationS - (now - h[h.length - 1]);
      return Math.max(1, Math.ceil(remaining));
    }
    h.unshift(now);
    this.hist.set(key, h);
    return null;
  }
}

export function parseRate(rate: string): { num: number; durationS: number } {
  const [n, p] = rate.split('/');
  const unit = p[0];
  const durationS = unit === 's' ? 1 : unit === 'm' ? 60 : unit === 'h' ? 3600 : 86400;
  return { num: parseInt(n, 10), durationS };
}
