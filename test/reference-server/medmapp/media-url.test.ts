// Issue 11, finding 6 and D-medmapp-21: attachment URLs are public (the URL is the capability), so they
// must not be guessable from the sequential message id and the file name.
import { FormData, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login, start, type Harness } from '../probe.ts';

let h: Harness;
let patient: string;
beforeAll(async () => {
  h = await start();
  patient = (await login(h.server, 'patient')).access;
});
afterAll(async () => {
  await h.server.close();
});

async function upload(conversation: number, name: string): Promise<{ id: number; file: string }> {
  const form = new FormData();
  form.append('file', new Blob(['secret scan'], { type: 'text/plain' }), name);
  const res = await request(`${h.server.baseUrl}/api/conversations/${conversation}/upload_file/`, { method: 'POST', headers: { authorization: `Bearer ${patient}` }, body: form });
  expect(res.statusCode).toBe(201);
  const json = (await res.body.json()) as any;
  return { id: json.message.id, file: json.message.attachments[0].file };
}

describe('attachment URLs', () => {
  it('carry at least 128 random bits, so the id and the file name do not find the file', async () => {
    const created = await api(h.server, 'POST', '/api/conversations/', { token: patient, body: { title: 'scan' } });
    const a = await upload(created.json.id, 'scan.txt');
    const path = new URL(a.file).pathname;
    expect((await request(a.file)).statusCode).toBe(200);
    // What the old layout allowed: date folder + `<message id>_<name>`.
    const day = path.split('/').slice(3, 6).join('/');
    const guesses = [a.id, a.id + 1, a.id - 1].map((id) => `${h.server.baseUrl}/media/chat_attachments/${day}/${id}_scan.txt`);
    for (const g of guesses) expect((await request(g)).statusCode, g).toBe(404);
    const random = path.split('/').find((seg) => /^[A-Za-z0-9_-]{22,}$/.test(seg));
    expect(random, path).toBeDefined();
    const b = await upload(created.json.id, 'scan.txt');
    expect(new URL(b.file).pathname).not.toBe(path);
  });
});
