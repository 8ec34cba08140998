// 000 §3.4 (4003, 4000) and §6 "Access Control: Faqat suhbat ishtirokchilari" (participants only). The
// close codes of an outsider, an unknown and a malformed id are the shared families' (families.ts).
import type { Json } from '../../core/json.ts';
import type { Check } from '../../harness/check.ts';
import { expectStatus, expectTrue } from '../../harness/verify.ts';
import { curlLine } from '../support.ts';
import { families as f } from './families.ts';
import { fixtureConversation, listConversations, type MedmappState } from './support.ts';

export const access: Check<MedmappState>[] = [
  f['close-outsider'],
  f['close-unknown-room'],
  f['close-malformed-id'],
  {
    id: 'medmapp-access-04',
    level: 'MUST',
    doc: '000 §6',
    title: 'REST history of someone else\'s conversation is refused',
    requirement: '"Access Control: Faqat suhbat ishtirokchilari" — only participants; the document gives no status, so 403 and 404 are both accepted (the reference server answers 404, D-medmapp-17).',
    tags: ['access', 'rest', 'security'],
    async run(ctx) {
      const id = fixtureConversation(ctx);
      ctx.addReproduction(curlLine('GET', `/api/conversations/${id}/messages/`, 'outsider'));
      const res = await ctx.rest('messages.list', { role: 'outsider', params: { id } });
      expectStatus(ctx, res, [403, 404], 'outsider reading the patient\'s history');
      const leaked = Array.isArray((res.json as Json | undefined)?.results) && (res.json as Json).results.length > 0;
      expectTrue(ctx, !leaked, { expected: ['no messages in the body'], observed: res.text.slice(0, 200), pass: 'no message leaked to the outsider', fail: 'the outsider got the conversation\'s messages' });
    },
  },
  {
    id: 'medmapp-access-05',
    level: 'MUST',
    doc: '000 §2.1',
    title: 'The conversation list shows only the user\'s own conversations',
    requirement: 'GET /api/conversations/ lists the caller\'s conversations; §6 "Access Control: Faqat suhbat ishtirokchilari" (participants only).',
    tags: ['access', 'rest', 'security'],
    async run(ctx) {
      const id = fixtureConversation(ctx);
      ctx.addReproduction(curlLine('GET', '/api/conversations/', 'outsider'));
      const ids = (await listConversations(ctx, 'outsider')).map((c: Json) => String(c?.id));
      expectTrue(ctx, !ids.includes(String(id)), {
        expected: [`conversation ${id} (patient and operator only) absent from the outsider's list`],
        observed: `ids listed: ${ids.slice(0, 20).join(', ') || 'none'}`,
        pass: 'the outsider sees only their own conversations',
        fail: `the outsider's list contains conversation ${id}`,
      });
    },
  },
];
