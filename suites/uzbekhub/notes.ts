// 004 §Notifications API 1-2: the site's comments ("umumiy izohlar", general comments), open to anyone:
// one written without a token is listed to a reader without one; `content` is required (D-uzbekhub-47).
import type { Check } from '../../harness/check.ts';
import { expectJsonBody, expectStatus, expectTrue, short } from '../../harness/verify.ts';
import { curlLine, uniqueText } from '../support.ts';
import { readList } from './lists.ts';
import { body, type UzState } from './support.ts';
import { ids } from './social-support.ts';

export const noteChecks: Check<UzState>[] = [
  {
    id: 'uzbekhub-notes-01',
    level: 'MUST',
    doc: '004 §Notifications API 2',
    title: 'Anyone writes a site comment without a token, and anyone reads it in the list',
    requirement: 'POST /api/comments/comment "Authentication: ❌ Not required (AllowAny)" {"content"} → 201 Created {"id", "content", "created_at"}; GET /api/comments/comment "Barcha izohlar ro\'yxati" (the list of all comments), AllowAny.',
    tags: ['comments', 'rest', 'anonymous'],
    async run(ctx) {
      const content = uniqueText('note');
      ctx.addReproduction(curlLine('POST', '/api/comments/comment', undefined, { json: { content } }));
      const res = await ctx.rest('siteComments.create', { json: { content } });
      expectStatus(ctx, res, [201], 'a site comment without a token');
      expectJsonBody(ctx, res, 'uzbekhub/site-comment', 'the site comment');
      const made = body(res);
      expectTrue(ctx, made.content === content, { expected: [`content "${content}"`], observed: short(made), pass: 'the comment holds what was sent', fail: 'the created comment holds another content' });
      ctx.addReproduction(curlLine('GET', '/api/comments/comment'));
      const { res: list, items } = await readList(ctx, 'siteComments.list');
      expectStatus(ctx, list, [200], 'the site comments without a token');
      const found = (items ?? []).find((c) => c.id === made.id);
      expectTrue(ctx, found?.content === content, { expected: [`comment ${String(made.id)} listed with its content`], observed: found ? short(found) : `not among ${ids(items)}`, pass: 'the new comment is listed to anyone', fail: 'the comment just written is not in the list of all comments' });
    },
  },
  {
    id: 'uzbekhub-notes-02',
    level: 'SHOULD',
    doc: '004 §Notifications API 2',
    decision: 'D-uzbekhub-47',
    title: 'A site comment without content is refused with 400',
    requirement: 'Decision D-uzbekhub-47 (§2 shows {"content"} and no validation): `content` is required; without it, or blank, 400 in §Error Responses\' 400 shape.',
    tags: ['comments', 'rest', 'validation'],
    async run(ctx) {
      for (const [what, json] of [['no content', {}], ['blank content', { content: '' }]] as const) {
        ctx.addReproduction(curlLine('POST', '/api/comments/comment', undefined, { json }));
        const res = await ctx.rest('siteComments.create', { json });
        expectStatus(ctx, res, [400], `a site comment with ${what}`);
      }
    },
  },
];
