// 000 §4.1 upload_file and the FAQ: files go over HTTP, then the other participant gets them over the socket.
import type { Json } from '../../core/json.ts';
import { createHash } from 'node:crypto';
import { request } from 'undici';
import type { Check } from '../../harness/check.ts';
import { FormData, type HttpResponse } from '../../client/http.ts';
import { expectFrame, expectJsonBody, expectSchema, expectStatus, expectTrue, fail, short } from '../../harness/verify.ts';
import type { WsProbe } from '../../client/ws.ts';
import { curlLine, uniqueText } from '../support.ts';
import { data, freshConversation, isChat, openChat, type MedmappState, type Ctx } from './support.ts';

// A 1x1 JPEG: small, real, and typed image/jpeg.
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);

async function upload(ctx: Ctx, withSocket: boolean): Promise<{ res: HttpResponse; caption: string; operator?: WsProbe; id: number | string }> {
  const id = await freshConversation(ctx);
  const operator = withSocket ? await openChat(ctx, 'operator', id) : undefined;
  const caption = `Mana rasm ${uniqueText('upload')}`;
  const form = new FormData();
  form.append('file', new Blob([JPEG], { type: 'image/jpeg' }), 'image.jpg');
  form.append('message', caption);
  ctx.addReproduction(curlLine('POST', `/api/conversations/${id}/upload_file/`, 'patient', { form: { file: '@image.jpg', message: 'Mana rasm' } }));
  const res = await ctx.rest('conversations.uploadFile', { role: 'patient', params: { id }, form });
  expectStatus(ctx, res, [200, 201], 'POST upload_file/ as patient');
  expectJsonBody(ctx, res, 'medmapp/upload-file-response', 'the upload response');
  return { res, caption, operator, id };
}

export const uploads: Check<MedmappState>[] = [
  {
    id: 'medmapp-upload-01',
    level: 'MUST',
    doc: '000 §4.1',
    title: 'upload_file stores the file and serves it back at the attachment URL',
    requirement: 'POST /api/conversations/{id}/upload_file/ (multipart: file, message) answers {"message": {…, "attachments": [{id, file, file_type, mime_type, size, original_name}]}}; "file" is where the file can be fetched.',
    tags: ['upload', 'rest', 'schema'],
    async run(ctx) {
      const { res } = await upload(ctx, false);
      const att = (res.json as Json).message.attachments[0] as Json;
      const sameMeta = att.size === JPEG.length && att.original_name === 'image.jpg' && att.mime_type === 'image/jpeg';
      expectTrue(ctx, sameMeta, { expected: [`size ${JPEG.length}, original_name image.jpg, mime_type image/jpeg`], observed: short(att), pass: 'attachment metadata matches the upload', fail: 'attachment metadata does not match the uploaded file' });
      ctx.transcript.record('http', 'send', `GET ${att.file}`);
      let body: Buffer;
      let status: number;
      try {
        const got = await request(att.file, { signal: AbortSignal.timeout(ctx.timeoutMs), headersTimeout: ctx.timeoutMs, bodyTimeout: ctx.timeoutMs });
        status = got.statusCode;
        body = Buffer.from(await got.body.arrayBuffer());
      } catch (err) {
        fail({ expected: ['the attachment URL answers 200 with the uploaded bytes'], observed: (err as Error).message, reason: `fetching ${att.file} failed` });
      }
      ctx.transcript.record('http', 'recv', `${status} (${body.length} B)`);
      const same = status === 200 && createHash('sha256').update(body).digest('hex') === createHash('sha256').update(JPEG).digest('hex');
      expectTrue(ctx, same, {
        expected: [`HTTP 200 with the ${JPEG.length} uploaded bytes`],
        observed: `HTTP ${status}, ${body.length} bytes`,
        pass: 'the file is served back byte for byte',
        fail: `the attachment URL answered ${status} with ${body.length} bytes`,
      });
    },
  },
  {
    id: 'medmapp-upload-02',
    level: 'MUST',
    doc: '000 §4.1',
    title: 'An uploaded file reaches the other participant over the socket',
    requirement: 'FAQ: "Fayllar faqat HTTP (/upload_file/) orqali yuklanadi. Keyin WebSocket orqali boshqa ishtirokchiga xabar keladi" — then the other participant gets it over WebSocket.',
    tags: ['upload', 'websocket', 'messaging'],
    async run(ctx) {
      const { res, operator } = await upload(ctx, true);
      const id = (res.json as Json).message.id;
      const frame = await expectFrame(ctx, operator!, (f) => isChat(f) && String(data(f).id) === String(id), `operator receives chat_message ${id} for the upload`);
      expectSchema(ctx, 'medmapp/ws-out-chat-message', frame.json, 'the upload\'s chat_message');
      expectTrue(ctx, data(frame).type === 'file', { expected: ['data.type "file"'], observed: short(frame.json), pass: 'broadcast as a file message', fail: `broadcast with type ${short(data(frame).type)}` });
    },
  },
  {
    id: 'medmapp-upload-03',
    level: 'SHOULD',
    doc: '000 §4.1',
    title: 'The optional message text becomes the file message\'s content',
    requirement: 'message: "Mana rasm" (optional) — the response shows "content": "Mana rasm".',
    tags: ['upload', 'rest'],
    async run(ctx) {
      const { res, caption } = await upload(ctx, false);
      const content = (res.json as Json).message.content;
      expectTrue(ctx, content === caption, { expected: [`content "${caption}"`], observed: `content ${short(content)}`, pass: 'the caption is the content', fail: 'the caption was not kept as content' });
    },
  },
];
