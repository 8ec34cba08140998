// Small rewrites the fault tables apply at the reply and frame seams: to list items, to timestamps, to
// an envelope. Bodies are fresh per reply, so they are changed in place.
import type { Reply } from './http.ts';
import type { DeliveryContext, Json, Publication } from './fault-spec.ts';

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The items of a list body: a plain array, or a page envelope's `results`. */
export function items(body: unknown): Json[] {
  const list = Array.isArray(body) ? body : isObject(body) && Array.isArray(body.results) ? body.results : [];
  return list.filter(isObject);
}

/** The reply with `fn` applied to its body. */
export const editBody = (reply: Reply, fn: (body: Json) => unknown): Reply => ({ ...reply, body: fn(isObject(reply.body) || Array.isArray(reply.body) ? (reply.body as Json) : {}) });

/** The reply with `fn` applied to each item of its list body. */
export const editItems = (reply: Reply, fn: (item: Json) => void): Reply => {
  for (const item of items(reply.body)) fn(item);
  return reply;
};

const TIMESTAMPS = new Set(['created_at', 'updated_at']);

/** `timestamps-not-iso`: every created_at/updated_at, at any depth, as epoch seconds (a number). */
export function epochs<T>(value: T): T {
  if (Array.isArray(value)) value.forEach(epochs);
  else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (TIMESTAMPS.has(k) && typeof v === 'string' && !Number.isNaN(Date.parse(v))) (value as Json)[k] = Math.floor(Date.parse(v) / 1000);
      else epochs(v);
    }
  }
  return value;
}

/** A list as a DRF page envelope `{count, next, previous, results}`. */
export const envelope = (list: unknown) => ({ count: Array.isArray(list) ? list.length : 0, next: null, previous: null, results: list });

/** Renames `from` to `to` in an object, keeping the other keys' order. */
export function rename(obj: Json, from: string, to: string): Json {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k === from ? to : k, v]));
}

/** `rest-errors-not-json`: 401 and 404 answered with an HTML page. */
export function htmlErrors(reply: Reply): Reply {
  if (reply.status !== 401 && reply.status !== 404) return reply;
  const title = reply.status === 401 ? 'Unauthorized' : 'Not Found';
  return { status: reply.status, text: `<!doctype html><title>${title}</title><h1>${title}</h1>`, contentType: 'text/html; charset=utf-8' };
}

/** `no-broadcast-to-peer`: the sender's own socket only. */
export const toSenderOnly = (p: Publication, { conn }: DeliveryContext): void => conn.send(p.frame);

/** `no-echo-to-sender`: everyone in the room but the sender. */
export const leaveSenderOut = (p: Publication, { conn, next }: DeliveryContext): Promise<void> => next({ ...p, exclude: conn.id });

const held = new WeakMap<object, { accepted: number; held?: Publication }>();

/** `reorder-broadcast`: every 2nd message of a connection is held back and delivered after the next one. */
export async function holdEverySecond(p: Publication, { conn, next }: DeliveryContext): Promise<void> {
  let state = held.get(conn);
  if (!state) held.set(conn, (state = { accepted: 0 }));
  if (++state.accepted % 2 === 0) {
    state.held = p;
    return;
  }
  await next(p);
  const later = state.held;
  state.held = undefined;
  if (later) await next(later);
}
