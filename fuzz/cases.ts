// Fuzz cases for one dialect, built from its profile (schemas/<dialect>/profile.json): every documented
// REST endpoint, its request schema, the WebSocket path, its credentials and incoming frame schemas. A new
// dialect gets cases by having a profile; nothing here names one. Secrets are placeholders (`{{token}}`)
// filled in only when a case is sent, so no case, report or reproduction ever holds one.
import type { DialectProfile } from '../core/profiles.ts';
import {
  AUTH_VALUES, BAD_TARGETS, BIG_HEADERS, CONTENT_TYPES, MULTIPART_BODIES, MULTIPART_TYPES, PROTOCOL_FRAMES,
  bodyArbitrary, draw, frameArbitrary, hostileSegment, queryArbitrary, type RawFrame,
} from './generators.ts';
import fc from 'fast-check';
import { objectShape, type ObjectShape } from './schema-shape.ts';

export const FAMILIES = ['rest-target', 'rest-body', 'rest-query', 'rest-header', 'multipart', 'ws-upgrade', 'ws-frame', 'ws-protocol'] as const;
export type Family = (typeof FAMILIES)[number];

export interface HttpCase {
  method: string;
  target: string;
  /** extra header lines, each ending in CRLF */
  headers: string;
  body?: string;
  /** set Content-Length from the body (false: the case's own headers say it) */
  contentLength: boolean;
}

export interface FuzzCase {
  id: number;
  family: Family;
  what: string;
  /** the profile's REST endpoint name, for the shape of its replies */
  endpoint?: string;
  http?: HttpCase;
  ws?: { target: string; frames: RawFrame[] };
}

type RestSpec = DialectProfile['rest'][string];

function shapeOf(key: string | undefined): ObjectShape | undefined {
  if (!key) return undefined;
  try {
    return objectShape(key);
  } catch {
    return undefined;
  }
}

/** The query that carries the member's WebSocket credential, from the profile (`token={{token}}`). */
export function wsCredential(profile: DialectProfile): string {
  const access = profile.auth.ws?.find((w) => w.in === 'query' && w.kind === 'access-token') ?? profile.auth.ws?.find((w) => w.in === 'query');
  return access ? `${access.name}={{token}}` : '';
}

const pathOf = (spec: RestSpec) => spec.path.replace(/\{\w+\}/g, '{{room}}');
const auth = (spec: RestSpec) => (spec.auth === 'none' ? '' : 'Authorization: Bearer {{token}}\r\n');

export interface CaseOptions {
  cases: number;
  seed: number;
}

/** Builds `cases` cases, round-robin over the families so that any count covers each of them. */
export function buildCases(profile: DialectProfile, opts: CaseOptions): FuzzCase[] {
  // Random families draw enough to fill what the fixed dictionaries leave.
  const perFamily = Math.ceil(opts.cases / 3) + 1;
  const rest = Object.entries(profile.rest);
  const withBody = rest.filter(([, s]) => s.request || s.contentType === 'application/json');
  const gets = rest.filter(([, s]) => s.method === 'GET');
  const uploads = rest.filter(([, s]) => s.contentType === 'multipart/form-data');
  const wsPath = profile.ws ? Object.values(profile.ws)[0]?.path : undefined;
  const cred = wsCredential(profile);
  const queryNames = [...new Set([profile.pagination?.pageParam, ...(profile.auth.ws ?? []).map((w) => w.name), 'format', 'search'].filter((x): x is string => Boolean(x)))];
  const inShapes = Object.values(profile.frames?.in ?? {}).map((k) => shapeOf(k)).filter((s): s is ObjectShape => Boolean(s));
  let seed = opts.seed;
  const nextSeed = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const pick = <T>(xs: T[], i: number): T => xs[i % xs.length]!;

  const lists: Record<Family, Omit<FuzzCase, 'id'>[]> = {
    'rest-target': [],
    'rest-body': [],
    'rest-query': [],
    'rest-header': [],
    multipart: [],
    'ws-upgrade': [],
    'ws-frame': [],
    'ws-protocol': [],
  };

  // Request targets: the known killers, then endpoint paths with hostile segments.
  for (const t of BAD_TARGETS) lists['rest-target'].push({ family: 'rest-target', what: `GET ${t}`, http: { method: 'GET', target: t, headers: '', contentLength: false } });
  const segments = draw(hostileSegment, perFamily, nextSeed());
  segments.forEach((seg, i) => {
    const [name, spec] = pick(rest, i);
    const target = spec.path.includes('{') ? spec.path.replace(/\{\w+\}/g, seg) : `${spec.path}${seg}`;
    lists['rest-target'].push({ family: 'rest-target', what: `${spec.method} ${target}`, endpoint: name, http: { method: spec.method, target, headers: auth(spec), contentLength: spec.method !== 'GET', body: spec.method === 'GET' ? undefined : '{}' } });
  });
  lists['rest-target'].push({ family: 'rest-target', what: 'a 20 KB query', http: { method: 'GET', target: `${pathOf(pick(rest, 0)[1])}?q=${'a'.repeat(20_000)}`, headers: '', contentLength: false } });

  // Bodies: mutated from each endpoint's request schema, under several content types.
  if (withBody.length) {
    const arbs = withBody.map(([name, spec]) => fc.tuple(fc.constant(name), bodyArbitrary(shapeOf(spec.request)), fc.constantFrom(...CONTENT_TYPES)));
    draw(fc.oneof(...arbs), perFamily, nextSeed()).forEach(([name, body, type]) => {
      const spec = profile.rest[name]!;
      lists['rest-body'].push({
        family: 'rest-body',
        what: `${spec.method} ${spec.path} (${type || 'no content type'}) ${body.length > 80 ? `${body.slice(0, 80)}…` : body}`,
        endpoint: name,
        http: { method: spec.method, target: pathOf(spec), headers: `${auth(spec)}${type ? `Content-Type: ${type}\r\n` : ''}`, body, contentLength: true },
      });
    });
  }

  // Queries on every GET endpoint.
  if (gets.length) {
    draw(fc.tuple(fc.nat(), queryArbitrary(queryNames)), perFamily, nextSeed()).forEach(([i, q]) => {
      const [name, spec] = pick(gets, i);
      const anonymous = i % 4 === 0;
      lists['rest-query'].push({ family: 'rest-query', what: `GET ${spec.path}?${q.slice(0, 100)}${anonymous ? ' (no Authorization)' : ''}`, endpoint: name, http: { method: 'GET', target: `${pathOf(spec)}?${q}`, headers: anonymous ? '' : auth(spec), contentLength: false } });
    });
  }

  // Headers: forged and malformed Authorization values on every endpoint, oversized and odd heads.
  rest.forEach(([name, spec], i) => {
    for (const value of AUTH_VALUES) {
      const body = spec.method === 'GET' ? undefined : '{}';
      lists['rest-header'].push({ family: 'rest-header', what: `${spec.method} ${spec.path} Authorization: ${value.slice(0, 60)}`, endpoint: name, http: { method: spec.method, target: pathOf(spec), headers: `Authorization: ${value}\r\n${body ? 'Content-Type: application/json\r\n' : ''}`, body, contentLength: body !== undefined } });
    }
    const big = pick(BIG_HEADERS, i);
    lists['rest-header'].push({ family: 'rest-header', what: `${spec.method} ${spec.path} with ${big.length} bytes of odd headers`, endpoint: name, http: { method: 'GET', target: pathOf(spec), headers: big, contentLength: false, ...(big.includes('Transfer-Encoding') ? { body: 'zz\r\nx\r\n0\r\n\r\n' } : {}) } });
  });
  for (const big of BIG_HEADERS) lists['rest-header'].push({ family: 'rest-header', what: `GET / with ${big.length} bytes of odd headers`, http: { method: 'GET', target: '/', headers: big, contentLength: false } });

  // Multipart forms on every upload endpoint.
  for (const [name, spec] of uploads) {
    MULTIPART_TYPES.forEach((type, t) => {
      MULTIPART_BODIES.forEach((body, b) => {
        if (t > 0 && b > 1) return;
        lists.multipart.push({ family: 'multipart', what: `${spec.method} ${spec.path} ${type}: ${JSON.stringify(body.slice(0, 70))}`, endpoint: name, http: { method: spec.method, target: pathOf(spec), headers: `${auth(spec)}Content-Type: ${type}\r\n`, body, contentLength: true } });
      });
    });
  }

  if (wsPath) {
    const good = wsPath.replace(/\{\w+\}/g, '{{room}}');
    // Upgrades: hostile room ids, credentials missing, forged, percent-encoded, doubled.
    const queries = ['', '?', `?${cred}`, `?${cred}&${cred}`, `?${cred.replace(/^(\w)/, (c) => `%${c.charCodeAt(0).toString(16)}`)}`, ...AUTH_VALUES.map((v) => `?${cred.split('=')[0]}=${encodeURIComponent(v.replace(/^Bearer\s?/, ''))}`), `?${cred}&x=${'a'.repeat(9000)}`];
    for (const q of queries) lists['ws-upgrade'].push({ family: 'ws-upgrade', what: `upgrade ${good}${q.slice(0, 80)}`, ws: { target: `${good}${q}`, frames: [] } });
    for (const t of BAD_TARGETS) lists['ws-upgrade'].push({ family: 'ws-upgrade', what: `upgrade ${t}`, ws: { target: t, frames: [] } });
    draw(hostileSegment, perFamily, nextSeed()).forEach((seg) => {
      lists['ws-upgrade'].push({ family: 'ws-upgrade', what: `upgrade ${wsPath.replace(/\{\w+\}/g, seg)}?${cred.split('=')[0]}=…`, ws: { target: `${wsPath.replace(/\{\w+\}/g, seg)}?${cred}`, frames: [] } });
    });
    // Frames: JSON mutated from the incoming frame schemas, then below the JSON level.
    draw(frameArbitrary(inShapes), perFamily, nextSeed()).forEach((text, i) => {
      const binary = i % 11 === 10;
      lists['ws-frame'].push({ family: 'ws-frame', what: `${binary ? 'binary' : 'text'} frame ${JSON.stringify(text.slice(0, 80))}`, ws: { target: `${good}?${cred}`, frames: [{ opcode: binary ? 0x2 : 0x1, payload: Buffer.from(text, 'utf8').toString('latin1') }] } });
    });
    for (const frames of PROTOCOL_FRAMES) {
      lists['ws-protocol'].push({ family: 'ws-protocol', what: `raw frames ${frames.map((f) => `op=${f.opcode}${f.rsv ? ` rsv=${f.rsv}` : ''}${f.unmasked ? ' unmasked' : ''}${f.fin === false ? ' fin=0' : ''} len=${f.payload.length}`).join(', ')}`, ws: { target: `${good}?${cred}`, frames } });
    }
  }

  const out: FuzzCase[] = [];
  const cursors = FAMILIES.map(() => 0);
  while (out.length < opts.cases) {
    let added = false;
    FAMILIES.forEach((family, f) => {
      if (out.length >= opts.cases) return;
      const list = lists[family];
      if (cursors[f]! < list.length) {
        out.push({ id: out.length + 1, ...list[cursors[f]!++]! });
        added = true;
      }
    });
    if (!added) break;
  }
  return out;
}
