// §4.1 and D-medmapp-12: multipart upload (`file` + optional `message`), stored under the media root,
// answered 201 {"message": {...}} and broadcast as chat_message to the whole conversation.
import { randomBytes } from 'node:crypto';
import busboy from 'busboy';
import { ServerError } from '../errors.ts';
import type { Reply, RequestContext } from '../http.ts';
import { guessMime, safeFileName } from '../media.ts';
import type { ServerContext } from '../dialect.ts';
import type { AttachmentRecord, MessageRecord, RoomRecord, UserRecord } from '../store.ts';
import { escapeHtml } from '../django.ts';
import { frameOut, read } from '../seams.ts';
import { messageView } from './serialize.ts';
import { chatMessageFrame, frameText } from './wire.ts';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const MIME = /^[\w.+-]+\/[\w.+-]+$/;

interface Parsed {
  message: string;
  file?: { path: string; size: number; mimeType: string; originalName: string };
}

export async function uploadFileHandler(sc: ServerContext, rc: RequestContext, user: UserRecord, room: RoomRecord): Promise<Reply> {
  const type = String(rc.req.headers['content-type'] ?? '');
  if (!/^multipart\/form-data\b/i.test(type)) {
    throw new ServerError('UNSUPPORTED_MEDIA_TYPE', { message: `Unsupported media type "${type.split(';')[0] || 'none'}" in request.` });
  }
  const attachmentId = await sc.store.nextId('attachment');
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  // D-medmapp-21: the public URL is the capability, so it carries 128 random bits besides the id and name.
  const secret = randomBytes(16).toString('base64url');
  const parsed = await parse(sc, rc, (name) => `chat_attachments/${day}/${secret}/${attachmentId}_${safeFileName(name)}`);
  if (!parsed.file) throw ServerError.validation({ file: ['No file was submitted.'] });

  // The message's id and time are taken once the file is stored, so history stays in (created_at, id)
  // order (D-medmapp-09) while uploads and text messages arrive concurrently.
  const id = await sc.store.nextId('message');
  const now = new Date();
  const attachment: AttachmentRecord = { id: attachmentId, ...parsed.file };
  const text = read(sc, 'upload.message', parsed.message).trim();
  const record: MessageRecord = {
    id,
    roomId: room.id,
    senderId: user.id,
    type: 'file',
    content: read(sc, 'escape-html', true) ? escapeHtml(text) : text,
    createdAt: now.getTime(),
    readByRecipient: false,
    attachments: [attachment],
  };
  await sc.store.addMessage(record);
  const view = messageView(record, user, rc.origin);
  const frame = frameOut(sc, 'upload', chatMessageFrame(view));
  if (frame) await sc.bus.publish(String(room.id), frameText(frame, sc.selfCheck));
  return { status: 201, body: { message: view }, schema: 'medmapp/upload-file-response' };
}

function parse(sc: ServerContext, rc: RequestContext, pathFor: (name: string) => string): Promise<Parsed> {
  return new Promise((resolve, reject) => {
    const out: Parsed = { message: '' };
    let saving: Promise<void> = Promise.resolve();
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: rc.req.headers, limits: { fileSize: MAX_UPLOAD_BYTES, files: 2, fields: 10, fieldSize: 64 * 1024 } });
    } catch (err) {
      return reject(ServerError.validation({ file: [`Multipart form parse error - ${(err as Error).message}`] }));
    }
    bb.on('field', (name, value) => {
      if (name === 'message') out.message = value;
    });
    bb.on('file', (name, stream, info) => {
      if (name !== 'file' || out.file) return void stream.resume();
      const originalName = info.filename || 'file';
      const mimeType = MIME.test(info.mimeType) && info.mimeType !== 'application/octet-stream' ? info.mimeType : guessMime(originalName);
      const path = pathFor(originalName);
      const file = { path, size: 0, mimeType, originalName };
      out.file = file;
      // busboy destroys the file stream with "Unexpected end of file" when the form is cut short, possibly
      // before save() has piped it anywhere: an 'error' nobody listens to would stop the process.
      stream.on('error', () => {});
      saving = sc.media.save(path, stream, () => stream.truncated === true).then((size) => {
        file.size = size;
      });
      saving.catch(() => stream.resume());
    });
    bb.on('error', (err: Error) => {
      // A truncated form fails the file too; settle on the form's error, then remove the partial file.
      reject(ServerError.validation({ file: [`Multipart form parse error - ${err.message}`] }));
      saving.then(
        () => (out.file ? sc.media.remove(out.file.path) : undefined),
        () => undefined,
      ).catch(() => undefined);
    });
    bb.on('close', () => {
      saving.then(() => {
        if (out.file && out.file.size === 0) return reject(ServerError.validation({ file: ['The submitted file is empty.'] }));
        resolve(out);
      }, reject);
    });
    rc.req.on('error', (err) => bb.destroy(err));
    rc.req.pipe(bb);
  });
}
