// 000 §3.3 status_update (how the status changes is D-medmapp-02).
import type { Check } from '../../harness/check.ts';
import { expectFrame, expectSchema, expectStatus } from '../../harness/verify.ts';
import { connectedPair, curlLine, data, frameType } from './support.ts';

export const status: Check[] = [
  {
    id: 'medmapp-status-01',
    level: 'SHOULD',
    doc: 'D-medmapp-02',
    title: 'A status change is broadcast as status_update',
    requirement: '§3.3 case "status_update": "Suhbat statusi o\'zgardi" — both participants are told when the conversation\'s status changes.',
    tags: ['status', 'websocket'],
    async run(ctx) {
      const { id, patient, operator } = await connectedPair(ctx);
      ctx.addReproduction(curlLine(ctx, 'PATCH', `/api/conversations/${id}/`, 'operator', { json: { status: 'closed' } }));
      const res = await ctx.rest('conversations.update', { role: 'operator', params: { id }, json: { status: 'closed' } });
      expectStatus(ctx, res, [200], 'PATCH the conversation\'s status to closed');
      const isUpdate = (f: Parameters<typeof frameType>[0]) => frameType(f) === 'status_update' && String(data(f).conversation_id) === String(id);
      const frame = await expectFrame(ctx, patient, isUpdate, 'patient receives status_update');
      expectSchema(ctx, 'medmapp/ws-out-status-update', frame.json, 'the status_update frame');
      await expectFrame(ctx, operator, isUpdate, 'operator receives status_update');
    },
  },
];
