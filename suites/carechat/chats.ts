// 002 §Getting a Chat ID: POST /chat/chats/ "Create or get existing chat", naming the professional (as a
// patient) or the patient (as a professional); its `id` is the chat's socket. Statuses, the answer's other
// fields and the refusals are D-carechat-02/13/14's.
import { randomUUID } from 'node:crypto';
import type { Json } from '../../core/json.ts';
import { CheckBlocked, type Check } from '../../harness/check.ts';
import { expectJsonBody, expectStatus, expectStillOpen, expectTrue, short } from '../../harness/verify.ts';
import { curlLine } from '../support.ts';
import { chatSocket, chatWith, createChat, profileId, type CarechatState } from './support.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const chatChecks: Check<CarechatState>[] = [
  {
    id: 'carechat-chats-01',
    level: 'MUST',
    doc: '002 §Getting a Chat ID',
    title: 'Create-or-get answers the chat\'s UUID, and that id opens the chat\'s socket',
    requirement: '"Use the REST API to create or retrieve a chat"; "The response will include the chat `id` that you can use for the WebSocket connection"; chat_id is "The UUID of the chat room".',
    tags: ['rest', 'chats', 'websocket'],
    async run(ctx) {
      const body = { professional: profileId(ctx, 'professional') };
      ctx.addReproduction(curlLine('POST', '/chat/chats/', 'patient', { json: body }));
      const res = await createChat(ctx, 'patient', body);
      expectStatus(ctx, res, [200, 201], 'POST /chat/chats/ as the patient naming the professional');
      const id = (res.json as Json | undefined)?.id;
      expectTrue(ctx, typeof id === 'string' && UUID.test(id), { expected: ['an `id` that is a UUID'], observed: short(res.json), pass: `chat id ${String(id)}`, fail: 'the answer has no UUID `id`' });
      const probe = await chatSocket(ctx, String(id), 'patient');
      await expectStillOpen(ctx, probe, ctx.quietMs, `the patient's socket on chat ${String(id)}`);
    },
  },
  {
    id: 'carechat-chats-02',
    level: 'MUST',
    doc: '002 §Getting a Chat ID',
    title: 'The same pair always gets the same chat, whichever side asks',
    requirement: '"# Create or get existing chat": asking again, or asking as the professional naming the patient, answers the existing chat\'s `id`.',
    tags: ['rest', 'chats'],
    async run(ctx) {
      const first = await chatWith(ctx, 'patient', { professional: profileId(ctx, 'professional') });
      const again = await chatWith(ctx, 'patient', { professional: profileId(ctx, 'professional') });
      const other = await chatWith(ctx, 'professional', { patient: profileId(ctx, 'patient') });
      expectTrue(ctx, first.id === again.id && again.id === other.id, {
        expected: ['one chat id for the patient/professional pair'],
        observed: `patient: ${first.id}, patient again: ${again.id}, professional: ${other.id}`,
        pass: `the pair's chat is ${first.id} every time`,
        fail: 'the same pair got different chats',
      });
    },
  },
  {
    id: 'carechat-chats-03',
    level: 'SHOULD',
    doc: '002 §Getting a Chat ID',
    decision: 'D-carechat-02',
    title: 'A new chat answers 201, an existing one 200',
    requirement: 'Decision D-carechat-02 (the document shows no response): 201 when the chat is created, 200 with the same object when the pair already has one. Judged on the pair of the user holding both profiles (as professional) and the outsider, which no other check creates: on a server that already has it, start from a clean database.',
    tags: ['rest', 'chats'],
    async run(ctx) {
      const body = { patient: profileId(ctx, 'outsider') };
      const first = await createChat(ctx, 'dual', body);
      expectStatus(ctx, first, [201], 'the first POST /chat/chats/ of the pair (a new chat)');
      const second = await createChat(ctx, 'dual', body);
      expectStatus(ctx, second, [200], 'the second POST /chat/chats/ of the pair (the existing chat)');
    },
  },
  {
    id: 'carechat-chats-04',
    level: 'SHOULD',
    doc: '002 §Getting a Chat ID',
    decision: 'D-carechat-02',
    title: 'The chat answered is {id, patient, professional, created_at} with the two profile ids',
    requirement: 'Decision D-carechat-02 (the document shows no response body): {id, patient, professional, created_at}, `patient` and `professional` the two profiles\' UUIDs, `created_at` an ISO 8601 date-time.',
    tags: ['rest', 'chats', 'schema'],
    async run(ctx) {
      const res = await createChat(ctx, 'patient', { professional: profileId(ctx, 'professional') });
      expectJsonBody(ctx, res, 'carechat/chat-create-response', 'the create-or-get response');
      const body = res.json as Json;
      const want = { patient: profileId(ctx, 'patient'), professional: profileId(ctx, 'professional') };
      expectTrue(ctx, body.patient === want.patient && body.professional === want.professional, {
        expected: [`patient ${want.patient}, professional ${want.professional}`],
        observed: short(body),
        pass: 'the chat names both profiles',
        fail: 'the chat does not name the two profiles of the pair',
      });
    },
  },
  {
    id: 'carechat-chats-05',
    level: 'SHOULD',
    doc: '002 §Getting a Chat ID',
    decision: 'D-carechat-02',
    title: 'An unusable body is refused with 400 and DRF field errors',
    requirement: 'Decision D-carechat-02 and D-carechat-13 (the body shown is two alternatives, not JSON): both keys, neither, an unknown profile, a caller without the profile its key implies, and a chat with oneself answer 400 {field: [messages]}.',
    tags: ['rest', 'chats', 'validation'],
    async run(ctx) {
      const patient = profileId(ctx, 'patient');
      const professional = profileId(ctx, 'professional');
      // The dual user's own professional profile, as its chat with the patient names it.
      const own = (await chatWith(ctx, 'dual', { patient })).body.professional;
      if (typeof own !== 'string') throw new CheckBlocked({ kind: 'check', id: 'carechat-chats-04', reason: 'the chat answered to the dual user names no `professional` profile, so a chat with oneself cannot be asked for' });
      const cases: [string, string, Json][] = [
        ['both keys', 'patient', { professional, patient }],
        ['neither key', 'patient', {}],
        ['a professional id of no profile', 'patient', { professional: randomUUID() }],
        ['a professional-only user naming a professional', 'professional', { professional }],
        ['the dual user naming their own professional profile', 'dual', { professional: own }],
      ];
      for (const [what, role, body] of cases) {
        const res = await createChat(ctx, role, body);
        expectStatus(ctx, res, [400], `POST /chat/chats/ with ${what}`);
        expectJsonBody(ctx, res, 'carechat/error-validation', `the 400 body for ${what}`);
      }
    },
  },
  {
    id: 'carechat-chats-06',
    level: 'MUST',
    doc: '002 §Getting a Chat ID',
    title: 'Create-or-get without a token is refused',
    requirement: 'The request carries "Authorization: Bearer YOUR_JWT_TOKEN", and "The system automatically determines user type based on their JWT token": without one no chat is created (401 or 403).',
    tags: ['rest', 'chats', 'auth', 'security'],
    async run(ctx) {
      const body = { professional: profileId(ctx, 'professional') };
      ctx.addReproduction(curlLine('POST', '/chat/chats/', undefined, { json: body }));
      expectStatus(ctx, await createChat(ctx, null, body), [401, 403], 'POST /chat/chats/ without a token');
    },
  },
  {
    id: 'carechat-chats-07',
    level: 'SHOULD',
    doc: '002 §Getting a Chat ID',
    decision: 'D-carechat-14',
    title: 'REST errors are DRF JSON bodies',
    requirement: 'Decision D-carechat-14 (the document is silent): 401 answers {"detail": "…"}, 400 answers {field: [messages]} (or, either of them, {"error": "…"}, the one error format 002 shows).',
    tags: ['rest', 'errors', 'schema'],
    async run(ctx) {
      const unauth = await createChat(ctx, null, { professional: profileId(ctx, 'professional') });
      expectStatus(ctx, unauth, [401, 403], 'POST /chat/chats/ without a token');
      expectJsonBody(ctx, unauth, 'carechat/error-detail', `the ${unauth.status} body`);
      const invalid = await createChat(ctx, 'patient', { professional: 'not-a-uuid' });
      expectStatus(ctx, invalid, [400], 'POST /chat/chats/ with a professional that is not a UUID');
      expectJsonBody(ctx, invalid, 'carechat/error-validation', 'the 400 body');
    },
  },
];
