// 004 §Error Responses 404: its body is {"error"} as shown (D-uzbekhub-03, SHOULD, because DRF's own 404 is
// {"detail"}). The status on every operation naming an unknown id is the generated notfound family's.
import type { Check } from '../../harness/check.ts';
import { expectJsonBody } from '../../harness/verify.ts';
import { unknownRoom } from '../families/rest-errors.ts';
import type { UzState } from './support.ts';

export const errorChecks: Check<UzState>[] = [
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
