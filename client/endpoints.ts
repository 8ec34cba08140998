// The endpoints a run uses: the profile's documented ones, with whatever the target file says its server
// does differently (`endpoints` in schemas/meta/target.schema.json). A check about the documented form
// asks for `documented()`; every other request goes through `resolve()`, so one naming difference does
// not fail the checks that test something else.
import type { DialectProfile } from '../core/profiles.ts';
import { TargetError, type TargetFile } from '../core/target.ts';

export type EndpointOverride = NonNullable<TargetFile['endpoints']>[string];

export interface Endpoint {
  method: string;
  path: string;
  /** documented body field -> the server's name */
  fields: Record<string, string>;
  /** fields added to every body; string values may hold `{users.operator.id}` placeholders */
  body: Record<string, unknown>;
  accessPath: string;
  refreshPath?: string;
  /** documented response field -> the name this server answers it under (at any depth) */
  responseFields?: Record<string, string>;
  /** where the list is in a response the document shows as a bare array */
  itemsPath?: string;
  /** true when the target file changed anything about this endpoint */
  overridden: boolean;
}

export const AUTH_LOGIN = 'auth.login';
export const AUTH_REFRESH = 'auth.refresh';

/** Names the target may override: the profile's login, refresh and REST operations. */
export function endpointNames(profile: DialectProfile): string[] {
  return [...(profile.auth.login ? [AUTH_LOGIN] : []), ...(profile.auth.refresh ? [AUTH_REFRESH] : []), ...Object.keys(profile.rest)];
}

export class Endpoints {
  constructor(
    readonly profile: DialectProfile,
    readonly overrides: Record<string, EndpointOverride> = {},
  ) {
    const known = endpointNames(profile);
    for (const name of Object.keys(overrides)) {
      if (!known.includes(name)) throw new TargetError(`target file: endpoints.${name} is not an operation of profile ${profile.id}; known: ${known.join(', ')}`);
    }
  }

  /** The endpoint as the document (or its decision) describes it, ignoring the target's overrides. */
  documented(name: string): Endpoint {
    const { profile } = this;
    if (name === AUTH_LOGIN || name === AUTH_REFRESH) {
      const spec = name === AUTH_LOGIN ? profile.auth.login : profile.auth.refresh;
      if (!spec) throw new Error(`profile ${profile.id} documents no ${name} endpoint`);
      const login = profile.auth.login;
      return {
        method: spec.method,
        path: spec.path,
        fields: {},
        body: {},
        accessPath: login?.accessPath ?? 'access',
        refreshPath: name === AUTH_LOGIN ? login?.refreshPath : undefined,
        overridden: false,
      };
    }
    const ep = profile.rest[name];
    if (!ep) throw new Error(`profile ${profile.id} has no endpoint '${name}'`);
    return { method: ep.method, path: ep.path, fields: {}, body: {}, accessPath: 'access', overridden: false };
  }

  /** The endpoint this target's server actually serves. */
  resolve(name: string): Endpoint {
    const base = this.documented(name);
    const o = this.overrides[name];
    if (!o) return base;
    return {
      method: o.method ?? base.method,
      path: o.path ?? base.path,
      fields: o.fields ?? {},
      body: o.body ?? {},
      accessPath: o.accessPath ?? base.accessPath,
      refreshPath: o.refreshPath ?? (name === AUTH_REFRESH ? undefined : base.refreshPath),
      ...(o.responseFields ? { responseFields: o.responseFields } : {}),
      ...(o.itemsPath ? { itemsPath: o.itemsPath } : {}),
      overridden: true,
    };
  }

  has(name: string): boolean {
    return name in this.overrides;
  }
}

/** Renames documented fields and adds the endpoint's extra ones; `lookup` fills `{dotted.path}` placeholders. */
export function shapeBody(ep: Endpoint, body: unknown, lookup: (ref: string) => unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) out[ep.fields[k] ?? k] = v;
  for (const [k, v] of Object.entries(ep.body)) if (!(k in out)) out[k] = fill(v, lookup);
  return out;
}

function fill(value: unknown, lookup: (ref: string) => unknown): unknown {
  if (typeof value !== 'string') return value;
  const whole = /^\{([\w.]+)\}$/.exec(value);
  if (whole) return lookup(whole[1]) ?? value;
  return value.replace(/\{([\w.]+)\}/g, (m, ref: string) => String(lookup(ref) ?? m));
}

/**
 * A response body as the document shows it: the list taken from `itemsPath`, and every field the server
 * answers under another name (`responseFields`) renamed back, at any depth. Undefined changes nothing.
 */
export function documentedBody(ep: Endpoint, json: unknown): unknown {
  let out = ep.itemsPath ? (valueAt(json, ep.itemsPath) ?? json) : json;
  const names = Object.entries(ep.responseFields ?? {});
  if (names.length) {
    const back = new Map(names.map(([documented, served]) => [served, documented]));
    const walk = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(walk) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [back.get(k) ?? k, walk(x)])) : v;
    out = walk(out);
  }
  return out;
}

/** `token.access` of `{token: {access}}`: the value at a dotted path, or undefined. */
export function valueAt(value: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), value);
}
