// Routes and socket paths come from the profile by operation name: a declaration says which operation it
// serves, the profile (schemas/<dialect>/profile.json) says where. The reference server keeps no second
// copy of a documented path.
import type { DialectProfile } from '../generated/types/meta/profile.ts';
import type { Route, RouteDecl } from './http.ts';
import type { SpecFormat } from '../spec/index.ts';

/** The method and path template of a profile operation: `profile.rest[op]`, or `auth.login` / `auth.refresh`. */
export function operation(profile: DialectProfile, op: string): { method: string; path: string } {
  const spec = op === 'auth.login' ? profile.auth.login : op === 'auth.refresh' ? profile.auth.refresh : profile.rest[op];
  if (!spec) throw new Error(`profile ${profile.id} has no operation '${op}'`);
  return spec;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * An RFC 6570 level-1 template as a matcher: `/api/conversations/{id}/` matches `/api/conversations/3/` and,
 * as the routes always did, `/api/conversations/3` (trailing slash optional), with `params.id = '3'`.
 */
export function templatePattern(template: string): RegExp {
  const path = template.replace(/\/+$/, '');
  let source = '';
  let last = 0;
  for (const m of path.matchAll(/\{(\w+)\}/g)) {
    source += `${escape(path.slice(last, m.index))}(?<${m[1]}>[^/]+)`;
    last = m.index + m[0].length;
  }
  return new RegExp(`^${source}${escape(path.slice(last))}\\/?$`);
}

/**
 * Where a socket endpoint's paths begin: the literal part of its template before the first variable. Every
 * upgrade under it belongs to the endpoint, a malformed id included (it closes with its bad-path code, as
 * D-medmapp-08 decides); a template without variables owns only itself.
 */
export function socketOwns(template: string): (pathname: string) => boolean {
  const cut = template.indexOf('{');
  if (cut < 0) {
    const exact = template.replace(/\/+$/, '');
    return (pathname) => pathname.replace(/\/+$/, '') === exact;
  }
  const prefix = template.slice(0, cut).replace(/\/+$/, '');
  return (pathname) => pathname === prefix || pathname.startsWith(`${prefix}/`);
}

/** The routes table: each declared operation at the profile's method and path, undocumented ones as declared. */
export function resolveRoutes(profile: DialectProfile, decls: readonly RouteDecl[]): Route[] {
  return decls.map((d) => {
    if (d.op === undefined) return { method: d.method, pattern: d.pattern, handler: d.handler };
    const spec = operation(profile, d.op);
    return { op: d.op, method: d.method ?? spec.method, pattern: templatePattern(d.path ?? spec.path), handler: d.handler };
  });
}

/** Where serve offers the dialect as OpenAPI and AsyncAPI: under `/_chatconform/`, outside every dialect's paths. */
export const SPEC_PATHS: Record<SpecFormat, string> = { openapi: '/_chatconform/openapi.json', asyncapi: '/_chatconform/asyncapi.json' };

/**
 * The two documents of `chatconform spec`, naming this server as the client addressed it (so that an
 * import into Postman or Insomnia calls it). Generated on request from the profile, never stored.
 */
export function specRoutes(profile: string): RouteDecl[] {
  return (Object.entries(SPEC_PATHS) as [SpecFormat, string][]).map(([format, path]) => ({
    method: 'GET',
    pattern: new RegExp(`^${escape(path)}$`),
    undocumented: `the dialect as ${format === 'openapi' ? 'OpenAPI 3.1' : 'AsyncAPI 3.0'} (chatconform spec --format ${format}), for a client's own tools`,
    async handler(ctx) {
      const { exportSpec } = await import('../spec/index.ts');
      return { status: 200, body: exportSpec(profile, format, { baseUrl: ctx.origin }) };
    },
  }));
}
