// Uploaded files on disk under one root, served back at /media/<path> (Django's MEDIA_ROOT / MEDIA_URL).
// The root is shared by every process in a multi-process mode; names are built from ids, so they never clash.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { ServerResponse } from 'node:http';
import { ServerError } from './errors.ts';

export const MEDIA_PREFIX = '/media/';

const MIME_BY_EXT: Record<string, string> = {
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.gif': 'image/gif', '.webp': 'image/webp',
  '.svg': 'image/svg+xml', '.mp4': 'video/mp4', '.webm': 'video/webm', '.mov': 'video/quicktime',
  '.mp3': 'audio/mpeg', '.ogg': 'audio/ogg', '.wav': 'audio/wav', '.m4a': 'audio/mp4',
  '.pdf': 'application/pdf', '.txt': 'text/plain', '.csv': 'text/csv', '.json': 'application/json',
  '.doc': 'application/msword', '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel', '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.zip': 'application/zip',
};

export function guessMime(name: string): string {
  return MIME_BY_EXT[extname(name).toLowerCase()] ?? 'application/octet-stream';
}

/** A file name safe on any disk and in a URL: `a b/../c?.jpg` -> `a_b_.._c_.jpg`, at most 100 chars. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[^\w.-]+/g, '_').replace(/^\.+/, '_').slice(-100);
  return cleaned || 'file';
}

export class MediaStore {
  private constructor(
    readonly root: string,
    private readonly owned: boolean,
  ) {}

  /** Uses `dir` if given, else a fresh temp dir that `close()` removes. */
  static async open(dir?: string): Promise<MediaStore> {
    if (dir) {
      await mkdir(dir, { recursive: true });
      return new MediaStore(resolve(dir), false);
    }
    return new MediaStore(await mkdtemp(join(tmpdir(), 'chatconform-media-')), true);
  }

  /** Streams `source` to `relPath`; throws PAYLOAD_TOO_LARGE (and removes the partial file) past `limit`. */
  async save(relPath: string, source: Readable, isTruncated: () => boolean): Promise<number> {
    const full = this.resolve(relPath);
    if (!full) throw new Error(`bad media path ${relPath}`);
    await mkdir(dirname(full), { recursive: true });
    let size = 0;
    source.on('data', (chunk: Buffer) => (size += chunk.length));
    await pipeline(source, createWriteStream(full));
    if (isTruncated()) {
      await rm(full, { force: true });
      throw new ServerError('PAYLOAD_TOO_LARGE');
    }
    return size;
  }

  /** Removes a stored file (a partial upload); a path outside the root is ignored. */
  async remove(relPath: string): Promise<void> {
    const full = this.resolve(relPath);
    if (full) await rm(full, { force: true });
  }

  /** The absolute disk path of a media path, or undefined when it escapes the root. */
  resolve(relPath: string): string | undefined {
    const full = resolve(this.root, relPath);
    return full.startsWith(this.root + sep) ? full : undefined;
  }

  /** Serves `/media/<relPath>`; throws NOT_FOUND for anything that is not a file under the root. */
  async serve(relPath: string, res: ServerResponse, headOnly = false): Promise<void> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(relPath);
    } catch {
      throw new ServerError('NOT_FOUND');
    }
    const full = this.resolve(decoded);
    const info = full ? await stat(full).catch(() => undefined) : undefined;
    if (!full || !info?.isFile()) throw new ServerError('NOT_FOUND');
    res.writeHead(200, { 'Content-Type': guessMime(full), 'Content-Length': info.size, 'Cache-Control': 'private, max-age=3600' });
    if (headOnly) return void res.end();
    await pipeline(createReadStream(full), res);
  }

  async close(): Promise<void> {
    if (this.owned) await rm(this.root, { recursive: true, force: true });
  }
}
