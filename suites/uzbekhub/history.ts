// 004 §Chat API 15-16 and §Pagination: list_by_room pages the room's history with limit/offset (default
// limit 50) in the {count, next, previous, results} envelope; walked with a limit that does not divide
// the count, every message comes exactly once; a message is deleted by its sender only.
import type { Json } from '../../core/json.ts';
import { CheckBlocked, type Check } from '../../harness/check.ts';
import type { HttpResponse } from '../../client/http.ts';
import { expectJsonBody, expectStatus, expectTrue, short } from '../../harness/verify.ts';
import { curlLine, uniqueText } from '../support.ts';
import { families as f } from './families.ts';
import { body, documented, expectRefused, fixtureRoom, historyOf, openSocket, ownRoom, sentMessage, type Ctx, type UzState } from './support.ts';

/** A page size that does not divide `count` and leaves several pages: 7 for the reference fixture's 125. */
const limitFor = (count: number): number | undefined => [7, 11, 13, 17, 19].find((l) => count % l !== 0 && count > 2 * l);

/** `limit` and `offset` of a page link (absolute URL or path), or undefined for null. */
function linkParams(ctx: Ctx, link: unknown): { limit: number | undefined; offset: number } | undefined {
  if (typeof link !== 'string') return undefined;
  const url = new URL(link, ctx.env.target.baseUrl);
  const n = (k: string) => (url.searchParams.get(k) === null ? undefined : Number(url.searchParams.get(k)));
  return { limit: n('limit'), offset: n('offset') ?? 0 };
}

/** Follows `next` from offset 0 with `limit`: the pages as the server links them. */
async function walk(ctx: Ctx, room: string, limit: number): Promise<{ pages: Json[]; problems: string[] }> {
  const pages: Json[] = [];
  const problems: string[] = [];
  let res: HttpResponse = await ctx.rest('messages.list', { role: 'member', params: { id: room }, query: { limit, offset: 0 } });
  for (let offset = 0, guard = 0; guard < 100; guard++) {
    expectStatus(ctx, res, [200], `list_by_room?limit=${limit}&offset=${offset}`);
    const page = body(res);
    pages.push(page);
    const results = Array.isArray(page.results) ? (page.results as Json[]) : [];
    const prev = linkParams(ctx, page.previous);
    if (offset === 0 && page.previous !== null) problems.push(`the first page has previous ${short(page.previous, 80)}`);
    if (offset > 0 && (!prev || prev.offset !== Math.max(0, offset - limit))) problems.push(`the page at offset ${offset} has previous ${short(page.previous, 80)}, not offset ${Math.max(0, offset - limit)}`);
    if (page.next === null || page.next === undefined) break;
    const next = linkParams(ctx, page.next);
    if (!next || next.offset !== offset + results.length || (next.limit !== undefined && next.limit !== limit)) problems.push(`the page at offset ${offset} links next ${short(page.next, 80)}, not offset ${offset + results.length} with limit ${limit}`);
    if (!next || results.length === 0) break;
    offset = next.offset;
    const url = new URL(String(page.next), ctx.env.target.baseUrl);
    res = await ctx.http({ method: 'GET', path: `${url.pathname}${url.search}`, token: ctx.token('member') });
  }
  return { pages, problems };
}

export const historyChecks: Check<UzState>[] = [
  {
    id: 'uzbekhub-history-01',
    level: 'MUST',
    doc: '004 §Chat API 15',
    title: 'list_by_room without a limit answers the first 50 messages in the limit/offset envelope',
    requirement: '"limit (integer, optional): Sahifadagi elementlar soni (default: 50)", "offset (default: 0)"; → 200 {"count", "next", "previous": null, "results": [{"id", "room", "sender", "text", "reply_to", "attachments", "is_edited", "created_at", "update_at"}]}.',
    tags: ['history', 'pagination', 'rest', 'schema'],
    async run(ctx) {
      const id = fixtureRoom(ctx);
      ctx.addReproduction(curlLine('GET', `/api/chat/message/${id}/list_by_room/`, 'member'));
      const res = await ctx.rest('messages.list', { role: 'member', params: { id } });
      expectStatus(ctx, res, [200], 'list_by_room as the member');
      expectJsonBody(ctx, res, 'uzbekhub/message-page-response', 'the history page');
      const page = body(res);
      const results = page.results as Json[];
      const count = Number(page.count);
      expectTrue(ctx, count > 50 ? results.length === 50 && page.next !== null : results.length === count, {
        expected: [`50 messages (the room has ${count}) and a next link`],
        observed: `${results.length} messages, next ${short(page.next, 100)}`,
        pass: 'the default page holds 50 messages',
        fail: `the default page holds ${results.length} messages, not 50`,
      });
      expectTrue(ctx, page.previous === null, { expected: ['previous null on the first page'], observed: short(page.previous), pass: 'the first page has no previous', fail: 'the first page links a previous page' });
      for (const m of results) {
        if (m.room !== id) expectTrue(ctx, false, { expected: [`every message of room ${id}`], observed: short(m), pass: '', fail: 'a message of another room is in the history' });
      }
    },
  },
  {
    id: 'uzbekhub-history-02',
    level: 'MUST',
    doc: '004 §Pagination',
    title: 'Walked with a limit that does not divide the count, history has every message once, with consistent links',
    requirement: '§Limit/Offset Pagination (Chat Messages): {"count": 100, "next": "…?limit=20&offset=20", "previous": null, "results"}; "limit - Sahifadagi elementlar soni, offset - Boshlang\'ich pozitsiya".',
    tags: ['history', 'pagination', 'rest'],
    async run(ctx) {
      const id = fixtureRoom(ctx);
      const first = body(await ctx.rest('messages.list', { role: 'member', params: { id }, query: { limit: 1 } }));
      const LIMIT = limitFor(Number(first.count));
      if (LIMIT === undefined) throw new CheckBlocked({ kind: 'prerequisite', id: 'fixture:room', reason: `the fixture room has ${String(first.count)} messages: too few for pages of 7 to 19 (D-uzbekhub-12 asks for more than 120)` });
      ctx.addReproduction(curlLine('GET', `/api/chat/message/${id}/list_by_room/?limit=${LIMIT}&offset=0`, 'member'));
      const { pages, problems: links } = await walk(ctx, id, LIMIT);
      const problems: string[] = [];
      const count = Number(pages[0]?.count);
      const ids = pages.flatMap((p) => (Array.isArray(p.results) ? (p.results as Json[]) : []).map((m) => String(m.id)));
      const dupes = ids.filter((x, i) => ids.indexOf(x) !== i);
      const counts = new Set(pages.map((p) => p.count));
      if (counts.size > 1) problems.push(`count changed between pages (${[...counts].join(', ')})`);
      if (dupes.length) problems.push(`${dupes.length} messages on two pages (${dupes[0]})`);
      if (ids.length !== count) problems.push(`${ids.length} messages walked, count says ${count}${ids.length < count ? ' (a gap)' : ''}`);
      problems.push(...links);
      expectTrue(ctx, problems.length === 0, {
        expected: [`${count} messages over ${Math.ceil(count / LIMIT)} pages, each once; next at offset+limit, previous at offset-limit`],
        observed: `${pages.length} pages, ${ids.length} messages, ${new Set(ids).size} distinct`,
        pass: `every message came once over ${pages.length} pages of ${LIMIT}`,
        fail: problems[0] ?? '',
      });
    },
  },
  {
    id: 'uzbekhub-history-03',
    level: 'SHOULD',
    doc: '004 §Chat API 15',
    decision: 'D-uzbekhub-07',
    title: 'History is in one consistent order of created_at',
    requirement: 'Decision D-uzbekhub-07 (004 gives no order): oldest first by (created_at, id); checks accept either direction as long as it is one order with no gap and no duplicate.',
    tags: ['history', 'pagination', 'rest'],
    async run(ctx) {
      const items = await historyOf(ctx, fixtureRoom(ctx), 'member', 'uzbekhub-history-01');
      const times = items.map((m) => Date.parse(String(m.created_at)));
      const up = times.every((t, i) => i === 0 || t >= times[i - 1]!);
      const down = times.every((t, i) => i === 0 || t <= times[i - 1]!);
      expectTrue(ctx, up || down, { expected: ['created_at never decreasing, or never increasing'], observed: `${times.length} messages, ${up ? 'ascending' : down ? 'descending' : 'mixed'}`, pass: `history is ${up ? 'oldest' : 'newest'} first`, fail: 'history is in no consistent order of created_at' });
    },
  },
  {
    id: 'uzbekhub-history-04',
    level: 'MUST',
    doc: '004 §Chat API 15',
    title: 'History is answered to the room\'s members (owner, admin, member) and to nobody else',
    requirement: 'GET /api/chat/message/<room_id>/list_by_room/ "Authentication: ✅ Required (Member only)"; §Error Responses 403 {"detail"}.',
    tags: ['history', 'rest', 'access', 'roles'],
    async run(ctx) {
      const id = fixtureRoom(ctx);
      for (const role of ['owner', 'admin', 'member'] as const) expectStatus(ctx, await ctx.rest('messages.list', { role, params: { id }, query: { limit: 1 } }), [200], `list_by_room as the ${role}`);
      ctx.addReproduction(curlLine('GET', `/api/chat/message/${id}/list_by_room/`, 'outsider'));
      const res = await ctx.rest('messages.list', { role: 'outsider', params: { id } });
      expectRefused(ctx, res, 'outsider', 'list_by_room');
      const leaked = Array.isArray(body(res).results) && (body(res).results as Json[]).length > 0;
      expectTrue(ctx, !leaked, { expected: ['no messages in the body'], observed: short(res.text, 200), pass: 'no message leaked to the outsider', fail: 'the outsider got the room\'s messages' });
    },
  },
  f.persistence,
  {
    id: 'uzbekhub-history-06',
    level: 'MUST',
    doc: '004 §Chat API 16',
    title: 'A message is deleted by its sender only',
    requirement: 'DELETE /api/chat/message/<id>/ "Authentication: ✅ Required (Sender only)" → 204 No Content; §Error Responses 403 {"detail"}.',
    tags: ['history', 'rest', 'roles'],
    async run(ctx) {
      const room = await ownRoom(ctx);
      const member = await openSocket(ctx, room, 'member');
      const message = await sentMessage(ctx, member, room, uniqueText('delete-me'));
      const id = String(message.id);
      const stillThere = async (what: string) => {
        const ids = (await historyOf(ctx, room)).map((m) => String(m.id));
        expectTrue(ctx, ids.includes(id), { expected: ['the message still in history'], observed: `${ids.length} messages`, pass: what, fail: `${what}: the message is gone` });
      };
      for (const role of ['owner', 'admin', 'outsider'] as const) {
        ctx.addReproduction(curlLine('DELETE', `/api/chat/message/${id}/`, role));
        expectRefused(ctx, await ctx.rest('messages.delete', { role, params: { id } }), role, 'DELETE of the member\'s message');
        await stillThere(`the ${role}'s DELETE left the message`);
      }
      ctx.addReproduction(curlLine('DELETE', `/api/chat/message/${id}/`, 'member'));
      expectStatus(ctx, await ctx.rest('messages.delete', { role: 'member', params: { id } }), [204], 'DELETE by the sender');
      const ids = (await historyOf(ctx, room)).map((m) => String(m.id));
      expectTrue(ctx, !ids.includes(id), { expected: ['the message gone from history'], observed: `${ids.length} messages`, pass: 'the sender deleted the message', fail: 'the message is still in history after its sender\'s DELETE' });
    },
  },
  {
    id: 'uzbekhub-history-07',
    level: 'MUST',
    doc: '004 §Chat API 15',
    title: 'History is at GET /api/chat/message/<room_id>/list_by_room/',
    requirement: '**GET** `/api/chat/message/<room_id>/list_by_room/`, "Example: /api/chat/message/room-uuid/list_by_room/?limit=20&offset=0" (the documented path, whatever the target file\'s endpoints say).',
    tags: ['history', 'rest'],
    async run(ctx) {
      const id = fixtureRoom(ctx);
      ctx.addReproduction(curlLine('GET', `/api/chat/message/${id}/list_by_room/?limit=20&offset=0`, 'member'));
      const res = await documented(ctx, 'messages.list', { role: 'member', params: { id } });
      expectStatus(ctx, res, [200], 'the documented history path as the member');
      expectJsonBody(ctx, res, 'uzbekhub/message-page-response', 'the history page');
    },
  },
];
