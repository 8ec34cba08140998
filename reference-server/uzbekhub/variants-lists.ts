// UzbekHub's list and spelling variants (D-uzbekhub-48, D-uzbekhub-49), applied at one seam around the
// routes (listSeam), never in a handler: every list but list_by_room answered in §Pagination's Default
// Pagination envelope, a small page at a time (`?page=N`), and `update_at` spelled `updated_at` in every
// REST body.
import { ServerError } from '../errors.ts';
import type { Reply, RequestContext, RouteDecl } from '../http.ts';
import type { ServerContext } from '../dialect.ts';
import { v } from '../variant-spec.ts';
import { loadProfile } from '../../core/profiles.ts';
import { isList } from '../../suites/families/rest-plan.ts';


declare module '../variant-spec.ts' {
  interface Rules {
    /** uzbekhub: lists but list_by_room are DRF pages of this many items (D-uzbekhub-48: plain arrays, 0) */
    uzListPageSize?: number;
    /** uzbekhub: location, contact and message spell `updated_at` (D-uzbekhub-49: `update_at` as shown) */
    uzUpdatedAt?: boolean;
  }
}

export const LIST_VARIANTS = [
  v('lists-paginated', 'every list but list_by_room is answered in §Pagination\'s Default Pagination envelope {count, next, previous, results}, 2 items a page, `?page=N` ("List endpointlar pagination qo\'llab-quvvatlaydi")', 'D-uzbekhub-48', { rules: { uzListPageSize: 2 } }),
  v('updated-at-everywhere', 'location, contact and chat message spell `updated_at`, as status, post, comment and story do (004 shows `update_at` for the three)', 'D-uzbekhub-49', { rules: { uzUpdatedAt: true } }),
] as const;

/** A list reply as DRF's PageNumberPagination answers it: page `?page=N` (default 1) of `size`. */
function paged(reply: Reply, rc: RequestContext, size: number): Reply {
  const all = reply.body as unknown[];
  const raw = rc.url.searchParams.get('page');
  const page = raw === null || raw === '' ? 1 : Number(raw);
  const pages = Math.max(1, Math.ceil(all.length / size));
  if (!Number.isInteger(page) || page < 1 || page > pages) throw new ServerError('NOT_FOUND', { message: 'Invalid page.' });
  const link = (n: number) => {
    const url = new URL(`${rc.origin}${rc.url.pathname}${rc.url.search}`);
    if (n === 1) url.searchParams.delete('page');
    else url.searchParams.set('page', String(n));
    return url.toString();
  };
  return { ...reply, body: { count: all.length, next: page < pages ? link(page + 1) : null, previous: page > 1 ? link(page - 1) : null, results: all.slice((page - 1) * size, page * size) } };
}

/** `from` renamed `to` at any depth. */
function respell(value: unknown, from: string, to: string): unknown {
  if (Array.isArray(value)) return value.map((x) => respell(x, from, to));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, x]) => [k === from ? to : k, respell(x, from, to)]));
}

/** The routes with the list and spelling variants applied to their replies (nothing changes without them). */
export function listSeam(sc: ServerContext, routes: RouteDecl[]): RouteDecl[] {
  const { uzListPageSize: size, uzUpdatedAt } = sc.variants.rules;
  if (!size && !uzUpdatedAt) return routes;
  // The profile's list operations (their response is an array): compiled only when a run pages them.
  const lists = size ? new Set(Object.entries(loadProfile('uzbekhub').rest).filter(([, op]) => isList(op)).map(([name]) => name)) : new Set<string>();
  return routes.map((r) => ({
    ...r,
    handler: async (rc: RequestContext) => {
      let reply = await r.handler(rc);
      if (!reply) return reply;
      // A list operation's 200 (list_by_room is an envelope of its own already); another reading's array
      // answering a one-record operation (user-by-id-array) is no list.
      if (size && reply.status === 200 && Array.isArray(reply.body) && r.op !== undefined && lists.has(r.op)) reply = paged(reply, rc, size);
      if (uzUpdatedAt && reply.body !== undefined) reply = { ...reply, body: respell(reply.body, 'update_at', 'updated_at') };
      return reply;
    },
  })) as RouteDecl[];
}
