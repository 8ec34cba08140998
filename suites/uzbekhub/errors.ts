// 004 §Error Responses 404: an unknown room, message or file id answers 404 on every chat operation that
// names one (the status is the document's, MUST); its body is {"error"} as shown (D-uzbekhub-03, SHOULD,
// because DRF's own 404 is {"detail"}).
import type { Check } from '../../harness/check.ts';
import { expectJsonBody, expectTrue, short } from '../../harness/verify.ts';
import { unknownRoom } from '../families/rest-errors.ts';
import { curlLine } from '../support.ts';
import type { Ctx, UzState } from './support.ts';

function unknownIds(ctx: Ctx) {
  const room = String(unknownRoom(ctx.profile));
  const someone = { user_id: 3 };
  return [
    { op: 'rooms.get', params: { id: room } },
    { op: 'rooms.update', params: { id: room }, json: { name: 'x' } },
    { op: 'rooms.delete', params: { id: room } },
    { op: 'rooms.clearMessages', params: { id: room } },
    { op: 'members.list', params: { id: room } },
    { op: 'members.join', params: { id: room } },
    { op: 'members.leave', params: { id: room } },
    { op: 'members.setAdmin', params: { id: room }, json: someone },
    { op: 'members.add', params: { id: room }, json: someone },
    { op: 'messages.list', params: { id: room } },
    { op: 'messages.delete', params: { id: '00000000-0000-4000-8000-000000000001' } },
    { op: 'files.delete', params: { id: 987654321 } },
  ];
}

export const errorChecks: Check<UzState>[] = [
  {
    id: 'uzbekhub-errors-01',
    level: 'MUST',
    doc: '004 §Error Responses',
    title: 'An unknown room, message or file id answers 404',
    requirement: '"Barcha API endpointlar quyidagi error formatlarini qaytaradi" (every endpoint answers these errors): 404 Not Found.',
    tags: ['errors', 'rest'],
    async run(ctx) {
      const wrong: string[] = [];
      for (const r of unknownIds(ctx)) {
        const res = await ctx.rest(r.op, { role: 'owner', params: r.params, ...(r.json ? { json: r.json } : {}) });
        if (res.status !== 404) wrong.push(`${r.op}: ${res.status} ${short(res.text, 60)}`);
      }
      ctx.addReproduction(curlLine('GET', `/api/chat/rooms/${String(unknownRoom(ctx.profile))}/`, 'owner'));
      expectTrue(ctx, wrong.length === 0, { expected: ['HTTP 404 from each of the 12 operations naming an unknown id'], observed: wrong.join('; ') || 'all 404', pass: 'every unknown id answers 404', fail: `${wrong.length} of 12 did not answer 404 (${wrong[0]})` });
    },
  },
  {
    id: 'uzbekhub-errors-02',
    level: 'SHOULD',
    doc: '004 §Error Responses',
    decision: 'D-uzbekhub-03',
    title: 'A 404 body is {"error": "Resource not found"}',
    requirement: 'Decision D-uzbekhub-03 (DRF\'s own 404 is {"detail"}): 404 Not Found {"error": "Resource not found"} as §Error Responses shows.',
    tags: ['errors', 'rest', 'schema'],
    async run(ctx) {
      const res = await ctx.rest('rooms.get', { role: 'owner', params: { id: unknownRoom(ctx.profile) } });
      expectJsonBody(ctx, res, 'uzbekhub/error-not-found', 'the 404 body');
    },
  },
];
