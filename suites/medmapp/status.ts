// 000 §3.3 status_update (how the status changes is D-medmapp-02).
import type { Check } from '../../harness/check.ts';
import { expectFrame, expectSchema, expectStatus, expectTrue, short } from '../../harness/verify.ts';
import { curlLine } from '../support.ts';
import { connectedPair, data, frameType, type MedmappState } from './support.ts';

export const status: Check<MedmappState>[] = [
  {
    id: 'medmapp-status-01',
    level: 'SHOULD',
    doc: '000 §3.3',
    decision: 'D-medmapp-02',
    title: 'A status change is broadcast as status_update',
    requirement: 'Decision D-medmapp-02 (§3.3 names status_update, no endpoint changes the status): after PATCH {"status"} both participants are told the new status — "Suhbat statusi o\'zgardi".',
    tags: ['status', 'websocket'],
    // It changes the conversation's status, which the fixture fallback shares: nothing else may run meanwhile.
    timing: 'alone',
    async run(ctx) {
      const { id, patient, operator } = await connectedPair(ctx);
      const fixture = String(id) === String(ctx.env.fixtures.conversation);
      const wanted = fixture ? 'in_progress' : 'closed';
      ctx.addReproduction(curlLine('PATCH', `/api/conversations/${id}/`, 'operator', { json: { status: wanted } }));
      const res = await ctx.rest('conversations.update', { role: 'operator', params: { id }, json: { status: wanted } });
      expectStatus(ctx, res, [200], `PATCH the conversation's status to ${wanted}`);
      const isUpdate = (f: Parameters<typeof frameType>[0]) => frameType(f) === 'status_update' && String(data(f).conversation_id) === String(id);
      const frame = await expectFrame(ctx, patient, isUpdate, 'patient receives status_update');
      expectSchema(ctx, 'medmapp/ws-out-status-update', frame.json, 'the status_update frame');
      expectTrue(ctx, data(frame).status === wanted, {
        expected: [`status_update with status "${wanted}"`],
        observed: short(frame.json),
        pass: `the frame carries the new status "${wanted}"`,
        fail: `the frame says status ${short(data(frame).status)}, not the "${wanted}" just set: the change was not applied`,
      });
      await expectFrame(ctx, operator, isUpdate, 'operator receives status_update');
    },
  },
];
