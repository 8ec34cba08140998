// 000 §3.4 (4003, 4000) and §6 "Access Control: Faqat suhbat ishtirokchilari" (participants only).
import type { Check } from '../../harness/check.ts';
import { expectClose, expectStatus, expectTrue } from '../../harness/verify.ts';
import { chatPath, curlLine, fixtureConversation, listConversations, wscatLine } from './support.ts';

type Json = Record<string, any>;

export const access: Check[] = [
  {
    id: 'medmapp-access-01',
    level: 'MUST',
    doc: '000 §3.4',
    title: 'A user who takes no part in the conversation is closed with 4003',
    requirement: '4003 Forbidden — "Suhbatga ruxsat yo\'q" (no permission for this conversation).',
    tags: ['access', 'websocket', 'close-code', 'security'],
    async run(ctx) {
      const path = chatPath(ctx, fixtureConversation(ctx));
      ctx.addReproduction(wscatLine(ctx, path, 'outsider'));
      const probe = await ctx.ws(path, { role: 'outsider' });
      await expectClose(ctx, probe, [4003], 'outsider joining the patient\'s conversation');
    },
  },
  {
    id: 'medmapp-access-02',
    level: 'MUST',
    doc: '000 §3.4',
    title: 'An unknown conversation id is closed with 4003 or 4000',
    requirement: '§3.4 gives 4003 for "Suhbatga ruxsat yo\'q" (no access to the conversation) and 4000 for "Noto\'g\'ri URL format" (wrong URL); an id that names no conversation fits either, so both are accepted (the reference server sends 4003, D-medmapp-07).',
    tags: ['access', 'websocket', 'close-code'],
    async run(ctx) {
      const path = chatPath(ctx, 987654321);
      ctx.addReproduction(wscatLine(ctx, path));
      const probe = await ctx.ws(path, { role: 'patient' });
      await expectClose(ctx, probe, [4003, 4000], 'joining conversation 987654321, which does not exist');
    },
  },
  {
    id: 'medmapp-access-03',
    level: 'MUST',
    doc: '000 §3.4',
    title: 'A malformed conversation id in the URL is closed with 4000',
    requirement: '4000 Bad Request — "Noto\'g\'ri URL format" (wrong URL format), e.g. a non-numeric id.',
    tags: ['access', 'websocket', 'close-code'],
    async run(ctx) {
      const path = chatPath(ctx, 'abc');
      ctx.addReproduction(wscatLine(ctx, path));
      const probe = await ctx.ws(path, { role: 'patient' });
      await expectClose(ctx, probe, [4000], 'joining /ws/chat/abc/');
    },
  },
  {
    id: 'medmapp-access-04',
    level: 'MUST',
    doc: '000 §6',
    title: 'REST history of someone else\'s conversation is refused',
    requirement: '"Access Control: Faqat suhbat ishtirokchilari" — only participants; the document gives no status, so 403 and 404 are both accepted (the reference server answers 404, D-medmapp-17).',
    tags: ['access', 'rest', 'security'],
    async run(ctx) {
      const id = fixtureConversation(ctx);
      ctx.addReproduction(curlLine(ctx, 'GET', `/api/conversations/${id}/messages/`, 'outsider'));
      const res = await ctx.rest('messages.list', { role: 'outsider', params: { id } });
      expectStatus(ctx, res, [403, 404], 'outsider reading the patient\'s history');
      const leaked = Array.isArray((res.json as Json | undefined)?.results) && (res.json as Json).results.length > 0;
      expectTrue(ctx, !leaked, { expected: ['no messages in the body'], observed: res.text.slice(0, 200), reason: 'no message leaked to the outsider' });
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
      ctx.addReproduction(curlLine(ctx, 'GET', '/api/conversations/', 'outsider'));
      const ids = (await listConversations(ctx, 'outsider')).map((c: Json) => String(c?.id));
      expectTrue(ctx, !ids.includes(String(id)), {
        expected: [`conversation ${id} (patient and operator only) absent from the outsider's list`],
        observed: `ids listed: ${ids.slice(0, 20).join(', ') || 'none'}`,
        reason: ids.includes(String(id)) ? `the outsider's list contains conversation ${id}` : 'the outsider sees only their own conversations',
      });
    },
  },
];
