// 000 §2.3: history is paginated DRF-style (count, next, previous, results).
import type { Json } from '../../core/json.ts';
import type { Check } from '../../harness/check.ts';
import { expectJsonBody, expectStatus, expectTrue, fail } from '../../harness/verify.ts';
import { chatPath, curlLine, uniqueText } from '../support.ts';
import { fixtureConversation, freshConversation, type MedmappState, type Ctx } from './support.ts';

const MAX_PAGES = 30;

/** The page number a link points at; DRF drops ?page for page 1. */
function pageOf(ctx: Ctx, link: string): number {
  const n = new URL(link, `${ctx.env.target.baseUrl}/`).searchParams.get('page');
  return n === null ? 1 : Number(n);
}

async function page(ctx: Ctx, id: number | string, n: number | string): Promise<Json> {
  const res = await ctx.rest('messages.list', { role: 'patient', params: { id }, query: { page: n } });
  expectStatus(ctx, res, [200], `history page ${n}`);
  expectJsonBody(ctx, res, 'medmapp/message-page-response', `history page ${n}`);
  return res.json as Json;
}

/** How many messages a fill may send before it gives up on seeing a second page. */
const MAX_FILL = 400;

/**
 * A conversation whose history spans at least three pages, and its page 1. A page size is known only from a
 * full page (one with a `next` link), never from a short page 1: the fixture is used when it already has three
 * pages, otherwise a fresh conversation is filled until page 1 links a second page (that is the page size),
 * then to three pages. Every step is confirmed by the history's `count` (§2.3), not by an echo (D-medmapp-18).
 */
async function historyConversation(ctx: Ctx): Promise<{ id: number | string; first: Json }> {
  const fixture = fixtureConversation(ctx);
  const first = await page(ctx, fixture, 1);
  if (first.next && first.count > 2 * first.results.length) return { id: fixture, first };
  ctx.note(`the fixture's history (count ${String(first.count)}, ${first.next ? 'a second page' : 'no second page'}) spans fewer than three pages: a fresh conversation is filled`);
  const id = await (ctx.state.paged ??= paged(ctx));
  return { id, first: await page(ctx, id, 1) };
}

async function paged(ctx: Ctx): Promise<number | string> {
  const id = await freshConversation(ctx, 'chatconform history');
  let first = await page(ctx, id, 1);
  // Doubling batches until page 1 is full: a page size of 10, 20 or 50 costs a few round trips.
  while (!first.next) {
    const count = Number(first.count);
    if (count >= MAX_FILL) fail({ expected: ['page 1 links a second page once the history is longer than a page'], observed: `count ${count}, page 1 holds ${first.results.length}, next ${String(first.next)}`, reason: `${count} messages and page 1 has no next link` });
    await fill(ctx, id, Math.min(Math.max(10, count), MAX_FILL - count), count);
    first = await page(ctx, id, 1);
  }
  const size = first.results.length;
  const want = 2 * size + 1;
  if (Number(first.count) < want) await fill(ctx, id, want - Number(first.count), Number(first.count));
  return id;
}

/** Sends `n` messages to conversation `id` (whose history counts `before`), five per connection (§3.5), and waits until history counts them. */
async function fill(ctx: Ctx, id: number | string, n: number, before: number): Promise<void> {
  ctx.note(`filling conversation ${id} with ${n} messages (count ${before})`);
  const tag = uniqueText('fill');
  let sent = 0;
  while (sent < n) {
    const group = Math.min(Math.ceil((n - sent) / 5), 20);
    const sockets = await Promise.all(Array.from({ length: group }, (_, i) => ctx.ws(chatPath(ctx, id), { role: 'patient', label: `filler#${i}` })));
    for (const s of sockets) for (let k = 0; k < 5 && sent < n; k++) s.send({ message: `${tag}-${sent++}` });
    const counted = await waitForCount(ctx, id, before + sent);
    for (const s of sockets) s.close();
    if (counted < before + sent) fail({ expected: [`history count ${before + sent}`], observed: `count ${counted} after ${ctx.timeoutMs * 2} ms`, reason: `could not fill conversation ${id}: history counts ${counted - before} of the ${sent} messages sent` });
  }
}

/** Polls history page 1 until its count reaches `want`, within twice the timeout; the last count seen. */
async function waitForCount(ctx: Ctx, id: number | string, want: number): Promise<number> {
  const deadline = Date.now() + ctx.timeoutMs * 2;
  let count = -1;
  while (Date.now() < deadline) {
    const res = await ctx.rest('messages.list', { role: 'patient', params: { id }, query: { page: 1 } });
    count = Number((res.json as Json | undefined)?.count ?? -1);
    if (count >= want) return count;
    await new Promise((r) => setTimeout(r, 100));
  }
  return count;
}

export const pagination: Check<MedmappState>[] = [
  {
    id: 'medmapp-page-01',
    level: 'MUST',
    doc: '000 §2.3',
    title: '"next" links walk the pages in order and end with null',
    requirement: '"next": "/api/conversations/1/messages/?page=2" — each page links the one after it; the last page has next null; count is honoured.',
    tags: ['pagination', 'rest'],
    // Pages of a conversation others write to shift under the reader (the fixture fallback is shared).
    timing: 'alone',
    async run(ctx) {
      const { id, first } = await historyConversation(ctx);
      ctx.addReproduction(curlLine('GET', `/api/conversations/${id}/messages/?page=1`, 'patient'));
      const size = first.results.length;
      const pages = Math.ceil(first.count / size);
      let current = first;
      let n = 1;
      while (current.next && n < MAX_PAGES) {
        const target = pageOf(ctx, current.next);
        if (target !== n + 1) fail({ expected: [`next of page ${n} points to page ${n + 1}`], observed: `next: ${current.next}`, reason: `page ${n}'s next link points to page ${target}` });
        current = await page(ctx, id, target);
        n = target;
      }
      expectTrue(ctx, n === pages, {
        expected: [`${pages} pages for count ${first.count} at ${size} per page, the last with next null`],
        observed: `next became null on page ${n}`,
        pass: `${pages} pages linked in order, next null on the last`,
        fail: `the next chain ends on page ${n}, count says ${pages} pages`,
      });
    },
  },
  {
    id: 'medmapp-page-02',
    level: 'MUST',
    doc: '000 §2.3',
    title: '"previous" links point one page back and are null on page 1',
    requirement: '"previous": null on the first page; every later page links the page before it.',
    tags: ['pagination', 'rest'],
    // Pages of a conversation others write to shift under the reader (the fixture fallback is shared).
    timing: 'alone',
    async run(ctx) {
      const { id, first } = await historyConversation(ctx);
      const pages = Math.ceil(first.count / first.results.length);
      expectTrue(ctx, first.previous === null, { expected: ['previous null on page 1'], observed: `previous: ${first.previous}`, pass: 'page 1 has previous null', fail: 'page 1 has a previous link' });
      for (let n = 2; n <= Math.min(pages, MAX_PAGES); n++) {
        const p = await page(ctx, id, n);
        const back = p.previous ? pageOf(ctx, p.previous) : null;
        expectTrue(ctx, back === n - 1, {
          expected: [`previous of page ${n} points to page ${n - 1}`],
          observed: `previous: ${p.previous}`,
          pass: `previous links hold for pages 2..${pages}`,
          fail: `page ${n}'s previous points to ${back === null ? 'nothing' : `page ${back}`}`,
        });
      }
    },
  },
  {
    id: 'medmapp-page-03',
    level: 'MUST',
    doc: '000 §2.3',
    title: 'Pages hold every message exactly once',
    requirement: '"count": 50 with pages of results: reading every page yields count messages, no gap and no duplicate, in one consistent order.',
    tags: ['pagination', 'rest'],
    // Pages of a conversation others write to shift under the reader (the fixture fallback is shared).
    timing: 'alone',
    async run(ctx) {
      const { id, first } = await historyConversation(ctx);
      const pages = Math.ceil(first.count / first.results.length);
      const items: Json[] = [];
      for (let n = 1; n <= Math.min(pages, MAX_PAGES); n++) items.push(...(n === 1 ? first : await page(ctx, id, n)).results);
      const ids = items.map((m) => String(m.id));
      const unique = new Set(ids);
      const dupes = ids.filter((x, i) => ids.indexOf(x) !== i);
      // One order across pages, either way round: by created_at, or by id (the document names no order key).
      const sorted = (xs: number[]) => xs.some(Number.isNaN) || xs.every((v, i) => i === 0 || v >= xs[i - 1]) || xs.every((v, i) => i === 0 || v <= xs[i - 1]);
      const monotonic = sorted(items.map((m) => Date.parse(String(m.created_at)))) || (!ids.map(Number).some(Number.isNaN) && sorted(ids.map(Number)));
      expectTrue(ctx, unique.size === ids.length && ids.length === first.count && monotonic, {
        expected: [`${first.count} distinct message ids across ${pages} pages, in one order`],
        observed: `${ids.length} ids, ${unique.size} distinct${dupes.length ? `, duplicated: ${[...new Set(dupes)].slice(0, 5).join(', ')}` : ''}${monotonic ? '' : ', order not consistent'}`,
        pass: 'every message exactly once',
        fail: dupes.length ? `message(s) ${[...new Set(dupes)].slice(0, 5).join(', ')} appear on two pages` : ids.length !== first.count ? `pages hold ${ids.length} messages, count says ${first.count}` : 'the order changes between pages',
      });
    },
  },
  {
    id: 'medmapp-page-04',
    level: 'SHOULD',
    doc: '000 §2.3',
    decision: 'D-medmapp-09',
    title: 'A page past the end answers 404 as DRF does',
    requirement: 'Decision D-medmapp-09 (the document is silent): Out-of-range ?page answers 404 {"detail": "Invalid page."} (DRF PageNumberPagination).',
    tags: ['pagination', 'rest', 'errors'],
    timing: 'alone',
    async run(ctx) {
      const { id, first } = await historyConversation(ctx);
      const beyond = Math.ceil(first.count / first.results.length) + 5;
      ctx.addReproduction(curlLine('GET', `/api/conversations/${id}/messages/?page=${beyond}`, 'patient'));
      const res = await ctx.rest('messages.list', { role: 'patient', params: { id }, query: { page: beyond } });
      expectStatus(ctx, res, [404], `history page ${beyond} of ${Math.ceil(first.count / first.results.length)}`);
    },
  },
];
