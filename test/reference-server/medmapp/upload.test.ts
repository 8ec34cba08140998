// §4.1 of document 000 and D-medmapp-12: multipart upload, broadcast, and the file served back.
import { randomBytes } from 'node:crypto';
import { FormData, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES } from '../../../reference-server/medmapp/upload.ts';
import { api, connectOpen, expectSchema, login, start, type Harness } from '../probe.ts';

let h: Harness;
let patient: string;
let operator: string;

beforeAll(async () => {
  h = await start();
  [patient, operator] = (await Promise.all([login(h.server, 'patient'), login(h.server, 'operator')])).map((t) => t.access) as [string, string];
});
afterAll(async () => {
  await h.server.close();
  expect(h.capture.events('schema-violation')).toEqual([]);
});

async function upload(form: FormData, token = patient, conversation = 1) {
  const res = await request(`${h.server.baseUrl}/api/conversations/${conversation}/upload_file/`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: res.statusCode, json: (await res.body.json()) as any };
}

describe('POST /api/conversations/{id}/upload_file/', () => {
  it('refuses a file over the size cap with 413, stores nothing and broadcasts nothing', async () => {
    const o = await connectOpen(h.server, operator);
    const before = await api(h.server, 'GET', '/api/conversations/1/messages/?page=1', { token: patient });
    const form = new FormData();
    form.append('file', new Blob([Buffer.alloc(MAX_UPLOAD_BYTES + 1024)], { type: 'application/pdf' }), 'big.pdf');
    const res = await upload(form);
    expect(res.status).toBe(413);
    const after = await api(h.server, 'GET', '/api/conversations/1/messages/?page=1', { token: patient });
    expect((after.json as any).count).toBe((before.json as any).count);
    await new Promise((r) => setTimeout(r, 150));
    expect(o.frames.filter((f) => f.type === 'chat_message')).toEqual([]);
    o.close();
  });

  it('stores the file, answers 201 {message}, broadcasts it, and serves the bytes back identical', async () => {
    const o = await connectOpen(h.server, operator);
    const bytes = randomBytes(50_000);
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'image/jpeg' }), 'rasm <1>.jpg');
    form.append('message', 'Mana <rasm>');
    const res = await upload(form);
    expect(res.status).toBe(201);
    expectSchema('medmapp/upload-file-response', res.json);
    const message = res.json.message;
    expectSchema('medmapp/message', message);
    expect(message).toMatchObject({ type: 'file', content: 'Mana &lt;rasm&gt;', sender: { id: 10 } });
    expect(message.attachments[0]).toMatchObject({ file_type: 'image', mime_type: 'image/jpeg', size: bytes.length, original_name: 'rasm <1>.jpg' });

    const [frame] = await o.waitFor((f) => f.type === 'chat_message' && f.data.id === message.id);
    expect(frame.data).toEqual(message);

    const url = new URL(message.attachments[0].file);
    expect(url.origin).toBe(h.server.baseUrl);
    expect(url.pathname).toMatch(/^\/media\/chat_attachments\/\d{4}\/\d{2}\/\d{2}\//);
    const served = await request(url);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.from(await served.body.arrayBuffer()).equals(bytes)).toBe(true);

    const last = await api(h.server, 'GET', '/api/conversations/1/messages/?page=last', { token: operator });
    expect(last.json.results.at(-1)).toEqual(message);
    o.close();
  });

  it('derives file_type from the MIME type and allows no message', async () => {
    const form = new FormData();
    form.append('file', new Blob(['%PDF-1.4'], { type: 'application/pdf' }), 'hujjat.pdf');
    const res = await upload(form);
    expect(res.status).toBe(201);
    expect(res.json.message.content).toBe('');
    expect(res.json.message.attachments[0]).toMatchObject({ file_type: 'document', mime_type: 'application/pdf' });
  });

  it('answers a missing file with DRF 400 and a non-participant with 404', async () => {
    const form = new FormData();
    form.append('message', 'no file');
    const res = await upload(form);
    expect(res.status).toBe(400);
    expectSchema('medmapp/error-validation', res.json);
    expect(res.json).toEqual({ file: ['No file was submitted.'] });
    const outsider = (await login(h.server, 'outsider')).access;
    const withFile = new FormData();
    withFile.append('file', new Blob(['x']), 'x.txt');
    expect((await upload(withFile, outsider)).status).toBe(404);
  });

  it('does not serve paths outside the media root', async () => {
    for (const path of ['/media/../package.json', '/media/%2e%2e/%2e%2e/etc/passwd', '/media/nothing.jpg']) {
      const res = await request(`${h.server.baseUrl}${path}`);
      await res.body.dump();
      expect(res.statusCode, path).toBe(404);
    }
  });
});
