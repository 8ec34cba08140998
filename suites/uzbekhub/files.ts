// 004 §Chat API 17-19 and §File Upload: a multipart upload answers the file object; the same bytes
// uploaded twice are one file ("Bir xil fayllar hash asosida aniqlanadi va qayta yuklanmaydi"); the list
// is an array of file objects; a file is deleted by its owner only.
import type { Json } from '../../core/json.ts';
import type { Check } from '../../harness/check.ts';
import { CheckBlocked } from '../../harness/check.ts';
import { expectJsonBody, expectSchema, expectStatus, expectTrue, short } from '../../harness/verify.ts';
import { readList } from './lists.ts';
import { curlLine, uniqueText } from '../support.ts';
import { body, expectRefused, smallFile, type Ctx, type Role, type UzState } from './support.ts';

/** Uploads `text` as a document for `role`. */
function upload(ctx: Ctx, role: Role, text: string) {
  const form = smallFile(text);
  form.append('file_type', 'document');
  ctx.addReproduction(curlLine('POST', '/api/chat/files/', role, { form: { file: '@notes.txt', file_type: 'document' } }));
  return ctx.rest('files.upload', { role, form });
}

/** A file of `role`'s own (its id), or the check is blocked by files-01. */
export async function ownFile(ctx: Ctx, role: Role, text = uniqueText('file')): Promise<Json> {
  const res = await upload(ctx, role, text);
  if ((res.status !== 201 && res.status !== 200) || typeof body(res).id !== 'number') throw new CheckBlocked({ kind: 'check', id: 'uzbekhub-files-01', reason: `POST /api/chat/files/ as the ${role} answered ${res.status}` });
  return body(res);
}

/** `role`'s files over every page (D-uzbekhub-48: a plain array or the §Pagination envelope). */
const listOf = async (ctx: Ctx, role: Role): Promise<Json[]> => (await readList(ctx, 'files.list', { role })).items ?? [];

export const fileChecks: Check<UzState>[] = [
  {
    id: 'uzbekhub-files-01',
    level: 'MUST',
    doc: '004 §Chat API 18',
    title: 'A multipart upload answers 201 with the file object',
    requirement: 'POST /api/chat/files/ "Content-Type: multipart/form-data" {"file": "<file>", "file_type": "document"} → 201 Created "Same as List Files item" {"id", "unique_id", "file", "file_type", "file_size", "is_temporary", "uploaded_at"}.',
    tags: ['files', 'rest', 'schema'],
    async run(ctx) {
      const text = uniqueText('upload');
      const res = await upload(ctx, 'member', text);
      expectStatus(ctx, res, [201], 'uploading a file');
      expectJsonBody(ctx, res, 'uzbekhub/file', 'the uploaded file');
      const f = body(res);
      expectTrue(ctx, f.file_type === 'document' && f.file_size === Buffer.byteLength(text), { expected: [`file_type "document", file_size ${Buffer.byteLength(text)}`], observed: short(f), pass: 'the file object describes the upload', fail: 'the file object does not describe the upload (type or size)' });
    },
  },
  {
    id: 'uzbekhub-files-02',
    level: 'MUST',
    doc: '004 §Chat API 18',
    title: 'The same bytes uploaded twice are one file',
    requirement: '"Note: Bir xil fayllar hash asosida aniqlanadi va qayta yuklanmaydi" (identical files are recognised by their hash and not uploaded again).',
    tags: ['files', 'rest'],
    async run(ctx) {
      const text = uniqueText('twice');
      const first = await ownFile(ctx, 'member', text);
      const again = await upload(ctx, 'member', text);
      expectStatus(ctx, again, [200, 201], 'uploading the same bytes again');
      const second = body(again);
      expectTrue(ctx, second.id === first.id && second.unique_id === first.unique_id, { expected: [`the same file (id ${String(first.id)}, unique_id ${String(first.unique_id)})`], observed: `id ${String(second.id)}, unique_id ${String(second.unique_id)}`, pass: 'the second upload answered the first file', fail: 'the second upload made another file' });
      const same = (await listOf(ctx, 'member')).filter((f) => f.unique_id === first.unique_id);
      expectTrue(ctx, same.length === 1, { expected: ['one file with that unique_id in the list'], observed: `${same.length}`, pass: 'the list holds the file once', fail: `the list holds ${same.length} files with that hash` });
    },
  },
  {
    id: 'uzbekhub-files-03',
    level: 'MUST',
    doc: '004 §Chat API 17',
    title: 'The file list holds file objects, the caller\'s upload among them',
    requirement: 'GET /api/chat/files/ → 200 [{"id", "unique_id", "file", "file_type", "file_size", "is_temporary", "uploaded_at"}]; file types image, video, voice, document, other; §Pagination: a plain array or the page envelope (D-uzbekhub-48).',
    tags: ['files', 'rest', 'schema'],
    async run(ctx) {
      const mine = await ownFile(ctx, 'member');
      ctx.addReproduction(curlLine('GET', '/api/chat/files/', 'member'));
      const { res, items } = await readList(ctx, 'files.list', { role: 'member' });
      expectStatus(ctx, res, [200], 'the member\'s file list');
      expectTrue(ctx, items !== undefined, { expected: ['a JSON array', 'the §Pagination envelope'], observed: short(res.json ?? res.text), pass: 'a list', fail: 'the file list is neither a plain array nor the §Pagination envelope' });
      expectSchema(ctx, 'uzbekhub/file-list-response', items, 'the files listed');
      expectTrue(ctx, items!.some((f) => f.id === mine.id), { expected: [`file ${String(mine.id)} listed`], observed: short(items), pass: 'the upload is listed', fail: 'the file just uploaded is not in the list' });
    },
  },
  {
    id: 'uzbekhub-files-04',
    level: 'MUST',
    doc: '004 §Chat API 19',
    title: 'A file is deleted by its owner only',
    requirement: 'DELETE /api/chat/files/<id>/ "Authentication: ✅ Required (Owner only)" → 204 No Content.',
    tags: ['files', 'rest', 'roles'],
    async run(ctx) {
      const file = await ownFile(ctx, 'member');
      const id = Number(file.id);
      for (const role of ['owner', 'outsider'] as const) {
        ctx.addReproduction(curlLine('DELETE', `/api/chat/files/${id}/`, role));
        expectRefused(ctx, await ctx.rest('files.delete', { role, params: { id } }), role, 'DELETE of the member\'s file', true);
        expectTrue(ctx, (await listOf(ctx, 'member')).some((f) => f.id === id), { expected: ['the file still listed'], observed: 'gone', pass: `the ${role}'s DELETE left the file`, fail: `the ${role} deleted the member's file` });
      }
      ctx.addReproduction(curlLine('DELETE', `/api/chat/files/${id}/`, 'member'));
      expectStatus(ctx, await ctx.rest('files.delete', { role: 'member', params: { id } }), [204], 'DELETE by the file\'s owner');
      expectTrue(ctx, !(await listOf(ctx, 'member')).some((f) => f.id === id), { expected: ['the file gone from the list'], observed: 'still listed', pass: 'the owner deleted the file', fail: 'the file is still listed after its owner\'s DELETE' });
    },
  },
];
