// How UzbekHub's lists are read: each example is a plain array, yet §Pagination says list endpoints are
// paginated (D-uzbekhub-48). Both readings pass every MUST check: a plain array, or the Default Pagination
// envelope {count, next, previous, results}, followed to its last page. Which one a server chose is judged
// only by the SHOULD of the list-shape family.
import type { Json } from '../../core/json.ts';
import type { HttpResponse } from '../../client/http.ts';
import { documentedBody } from '../../client/endpoints.ts';
import type { CheckContext } from '../../harness/context.ts';

// A small page size (the lists-paginated variant's 2) over a run's many rooms still ends well within this.
const MAX_PAGES = 200;

export interface ListRead {
  /** the first page's response */
  res: HttpResponse;
  /** every item, over all pages; undefined when the body is neither an array nor an envelope */
  items: Json[] | undefined;
  /** the body was the §Pagination envelope */
  paged: boolean;
}

/** The items of a list body: the array itself, or an envelope's `results`. */
export function itemsIn(body: unknown): Json[] | undefined {
  if (Array.isArray(body)) return body as Json[];
  if (body && typeof body === 'object' && Array.isArray((body as Json).results)) return (body as Json).results as Json[];
  return undefined;
}

/** Reads list operation `op` as `role` (or `token`), following an envelope's `next` (absolute or relative) to the end. */
export async function readList(
  ctx: CheckContext,
  op: string,
  opts: { role?: string; token?: string; params?: Record<string, string | number>; query?: Record<string, string | number>; documented?: boolean } = {},
): Promise<ListRead> {
  const { documented, ...call } = opts;
  const token = opts.token ?? (opts.role ? ctx.token(opts.role) : undefined);
  // `documented`: 004's own method and path, whatever the target file's endpoints say (a check of the documented form).
  const ep = documented ? ctx.env.endpoints.documented(op) : undefined;
  const res = ep
    ? await ctx.http({ method: ep.method, path: Object.entries(opts.params ?? {}).reduce((p, [k, v]) => p.replace(`{${k}}`, encodeURIComponent(String(v))), ep.path), token, ...(opts.query ? { query: opts.query } : {}) })
    : await ctx.rest(op, call);
  const items = itemsIn(res.json);
  const paged = !Array.isArray(res.json) && items !== undefined;
  if (!paged || res.status !== 200) return { res, items: res.status === 200 ? items : undefined, paged };
  const all = [...items!];
  let next = (res.json as Json).next;
  for (let page = 1; typeof next === 'string' && next !== '' && page < MAX_PAGES; page++) {
    const url = new URL(next, ctx.env.target.baseUrl);
    const more = await ctx.http({ method: 'GET', path: `${url.pathname}${url.search}`, token });
    // Later pages are read back as documented too (the target file's responseFields), as ctx.rest reads the first.
    const got = itemsIn(documented ? more.json : documentedBody(ctx.env.endpoints.resolve(op), more.json));
    if (more.status !== 200 || got === undefined) break;
    all.push(...got);
    next = (more.json as Json).next;
  }
  return { res, items: all, paged };
}

/** `updated_at` or `update_at`, whichever the record carries (D-uzbekhub-49). */
export const updatedAt = (record: Json | undefined): unknown => record?.updated_at ?? record?.update_at;

/**
 * Reads a list until an item satisfies `wanted`: a page-number walk over a list that other checks change
 * meanwhile can skip an item (one deleted on an earlier page moves the rest forward), so a paged list is
 * read up to three times before the item counts as absent. A plain array is read once.
 */
export async function readListFinding(
  ctx: CheckContext,
  op: string,
  opts: Parameters<typeof readList>[2],
  wanted: (item: Json) => boolean,
): Promise<ListRead & { found: boolean }> {
  let read = await readList(ctx, op, opts);
  for (let again = 0; read.paged && !(read.items ?? []).some(wanted) && again < 2; again++) read = await readList(ctx, op, opts);
  return { ...read, found: (read.items ?? []).some(wanted) };
}
