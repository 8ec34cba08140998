// 000 §2.1–§2.2 (conversations) and D-medmapp-16 (REST error bodies).
import type { Check } from '../../harness/check.ts';
import { expectJsonBody, expectStatus, expectTrue } from '../../harness/verify.ts';
import { curlLine, fixtureConversation, state } from './support.ts';
import { CheckSkip } from '../../harness/check.ts';

type Json = Record<string, any>;

export const rest: Check[] = [
  {
    id: 'medmapp-rest-01',
    level: 'MUST',
    doc: '000 §2.1',
    title: 'The conversation list matches §2.1 and holds the user\'s conversation',
    requirement: 'GET /api/conversations/ answers {"count", "results": [{id, title, patient, operator, status, is_active, last_message_at, unread_count}]}.',
    tags: ['rest', 'schema'],
    async run(ctx) {
      const id = fixtureConversation(ctx);
      ctx.addReproduction(curlLine(ctx, 'GET', '/api/conversations/', 'patient'));
      for (const role of ['patient', 'operator']) {
        const res = await ctx.rest('conversations.list', { role });
        expectStatus(ctx, res, [200], `GET /api/conversations/ as ${role}`);
        expectJsonBody(ctx, res, 'medmapp/conversation-list-response', `${role}'s conversation list`);
        const ids = (res.json as Json).results.map((c: Json) => String(c.id));
        expectTrue(ctx, ids.includes(String(id)), {
          expected: [`conversation ${id} in the ${role}'s list`],
          observed: `ids: ${ids.slice(0, 20).join(', ')}`,
          reason: ids.includes(String(id)) ? `the ${role} sees conversation ${id}` : `conversation ${id} is missing from the ${role}'s list`,
        });
      }
    },
  },
  {
    id: 'medmapp-rest-02',
    level: 'MUST',
    doc: '000 §2.2',
    title: 'Creating a conversation answers 201 with the new conversation',
    requirement: 'POST /api/conversations/ {"patient", "title"} creates a conversation that then appears in GET /api/conversations/ (D-medmapp-01: 201).',
    tags: ['rest', 'schema'],
    async run(ctx) {
      const patientId = state(ctx).patientId;
      if (patientId === undefined) throw new CheckSkip('patient id unknown: give users.patient.id in the target file');
      const title = 'Konsultatsiya - chatconform';
      const res = await ctx.rest('conversations.create', { role: 'operator', json: { patient: patientId, title } });
      expectStatus(ctx, res, [201], 'POST /api/conversations/ as the operator');
      expectJsonBody(ctx, res, 'medmapp/conversation-create-response', 'the created conversation');
      const id = String((res.json as Json).id);
      const list = await ctx.rest('conversations.list', { role: 'patient' });
      const ids = ((list.json as Json | undefined)?.results ?? []).map((c: Json) => String(c.id));
      expectTrue(ctx, ids.includes(id), {
        expected: [`conversation ${id} in the patient's list`],
        observed: `ids: ${ids.slice(0, 20).join(', ')}`,
        reason: ids.includes(id) ? 'the new conversation is listed for the patient' : 'the new conversation is not listed for its patient',
      });
    },
  },
  {
    id: 'medmapp-rest-03',
    level: 'SHOULD',
    doc: 'D-medmapp-16',
    title: 'Creating a conversation without a title answers 400 with field errors',
    requirement: 'A body that breaks §2.2 is refused as DRF does: 400 {"title": ["This field is required."]}.',
    tags: ['rest', 'validation', 'errors'],
    async run(ctx) {
      const patientId = state(ctx).patientId;
      if (patientId === undefined) throw new CheckSkip('patient id unknown: give users.patient.id in the target file');
      const res = await ctx.rest('conversations.create', { role: 'operator', json: { patient: patientId, title: '' } });
      expectStatus(ctx, res, [400], 'POST /api/conversations/ with an empty title');
      expectJsonBody(ctx, res, 'medmapp/error-validation', 'the 400 body');
    },
  },
  {
    id: 'medmapp-rest-04',
    level: 'SHOULD',
    doc: 'D-medmapp-16',
    title: 'REST errors are JSON {"detail"} bodies',
    requirement: '401 and 404 answer {"detail": "…"} as DRF does, so a client can show the reason.',
    tags: ['rest', 'errors', 'schema'],
    async run(ctx) {
      const unauth = await ctx.rest('conversations.list', {});
      expectStatus(ctx, unauth, [401, 403], 'GET /api/conversations/ without a token');
      expectJsonBody(ctx, unauth, 'medmapp/error-detail', `the ${unauth.status} body`);
      const missing = await ctx.rest('messages.list', { role: 'patient', params: { id: 987654321 } });
      expectStatus(ctx, missing, [404], 'history of a conversation that does not exist');
      expectJsonBody(ctx, missing, 'medmapp/error-detail', 'the 404 body');
    },
  },
];
