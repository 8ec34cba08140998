// A dialect as an OpenAPI 3.1 document, generated from its profile and schemas: every REST operation (login
// and refresh included) under its profile name as operationId, path and query parameters, JSON and
// multipart request bodies, the documented success response and the dialect's error bodies per status, the
// bearer scheme (and the visitor token where the profile has one), each operation's section (`x-doc`) and
// decisions (`x-decision`). Schemas are components, referenced (components.ts).
import { VERSION } from '../core/package-root.ts';
import type { DialectProfile } from '../core/profiles.ts';
import { validator, type SchemaKey } from '../core/schemas.ts';
import { annotationsOf, bundleSchemas, refTo, type Json, type JsonObject } from './components.ts';
import { idFormatOf, pathParams, profileSchemaKeys, restOperations, type RestOperation } from './operations.ts';
import { DEFAULT_SERVER, describeDialect, uniq } from './text.ts';

export interface OpenApiOptions {
  /** `http://127.0.0.1:8000`: the server the document names (serve gives its own). */
  baseUrl?: string;
}

const DECISION = /^D-[a-z]+-\d{2}$/;

/** Status codes the dialect's error bodies are written for, with the schema of each (`default` last). */
function errorBodies(profile: DialectProfile): [string, SchemaKey][] {
  const body = profile.errors.body ?? {};
  return Object.entries(body).sort(([a], [b]) => (a === 'default' ? 1 : b === 'default' ? -1 : Number(a) - Number(b)));
}

function security(profile: DialectProfile, op: RestOperation): JsonObject[] | undefined {
  if (op.auth === 'none') return [];
  if (op.auth === 'bearer-or-visitor' && visitorQuery(profile)) return [{ bearer: [] }, { visitor: [] }];
  return [{ bearer: [] }];
}

/** The query parameter a visitor token travels in, when the profile has one (carinfopro's `?visitor=`). */
function visitorQuery(profile: DialectProfile): string | undefined {
  return profile.auth.ws.find((c) => c.kind === 'visitor-token' && c.in === 'query')?.name;
}

function idSchema(format: 'integer' | 'uuid' | 'string' | undefined): JsonObject {
  if (format === 'integer') return { type: 'string', pattern: '^[0-9]+$', description: 'an integer id' };
  if (format === 'uuid') return { type: 'string', format: 'uuid', description: 'a UUID' };
  return { type: 'string', minLength: 1 };
}

function parameters(profile: DialectProfile, op: RestOperation): JsonObject[] {
  const params: JsonObject[] = pathParams(op.path).map((name) => ({
    name, in: 'path', required: true, schema: idSchema(idFormatOf(profile, op.path, name)),
  }));
  for (const [name, q] of Object.entries(op.query)) {
    params.push({ name, in: 'query', required: q.required, ...(q.description ? { description: q.description } : {}), schema: q.type === 'string' ? { type: 'string', minLength: 1 } : { type: q.type } });
  }
  if (op.paginated) {
    const p = profile.pagination;
    if (p.style === 'page' && p.pageParam) {
      params.push({ name: p.pageParam, in: 'query', required: false, description: `page number (${p.defaultLimit ?? '?'} items a page)`, schema: { type: 'integer', minimum: 1, default: 1 } });
    }
    if (p.style === 'limit-offset') {
      if (p.limitParam) params.push({ name: p.limitParam, in: 'query', required: false, description: 'page size', schema: { type: 'integer', minimum: 1, ...(p.defaultLimit ? { default: p.defaultLimit } : {}) } });
      if (p.offsetParam) params.push({ name: p.offsetParam, in: 'query', required: false, description: 'items to skip', schema: { type: 'integer', minimum: 0, default: 0 } });
    }
  }
  return params;
}

/** Multipart parts that are files: properties marked with `contentMediaType` travel as binary parts. */
function encodingOf(bundle: Record<string, JsonObject>, key: SchemaKey): JsonObject | undefined {
  const schema = bundle[key.replace('/', '.')];
  const props = (schema?.properties ?? {}) as Record<string, JsonObject>;
  const files = Object.entries(props).filter(([, p]) => typeof p.contentMediaType === 'string');
  return files.length ? Object.fromEntries(files.map(([name, p]) => [name, { contentType: p.contentMediaType as string }])) : undefined;
}

function decisionsOf(op: RestOperation): string[] {
  const ids = [op.doc, op.request, op.response].flatMap((x) => {
    if (!x) return [];
    if (DECISION.test(x)) return [x];
    return x.includes('/') ? [annotationsOf(x).decision ?? ''] : [];
  });
  return uniq(ids.flatMap((d) => d.split(/[ ,]+/)).filter((d) => DECISION.test(d)));
}

/** The document section of an operation: its profile `doc`, or, when that is a decision, its response schema's. */
function sectionOf(profile: DialectProfile, op: RestOperation): string | undefined {
  if (!DECISION.test(op.doc)) return op.doc;
  const fromSchema = op.response ? annotationsOf(op.response).doc : undefined;
  return fromSchema ?? undefined;
}

/**
 * The success body's schema: the response's, or, for a list the document also lets page (profile
 * pagination.listsMayPage), either the array or the envelope whose `results` are its items.
 */
function successSchema(profile: DialectProfile, method: string, response: SchemaKey): JsonObject {
  const envelope = profile.pagination.listsMayPage;
  if (!envelope || method !== 'GET' || (validator(response).schema as { type?: unknown }).type !== 'array') return refTo(response);
  return { anyOf: [refTo(response), { allOf: [refTo(envelope), { type: 'object', properties: { results: refTo(response) } }] }] };
}

export function openapi(profile: DialectProfile, opts: OpenApiOptions = {}): JsonObject {
  const ops = restOperations(profile);
  const bundle = bundleSchemas(profile.id, profileSchemaKeys(profile));
  const errors = errorBodies(profile);
  const paths: Record<string, JsonObject> = {};
  for (const op of ops) {
    const responses: JsonObject = {};
    const success: JsonObject = { description: `${op.status}: ${op.response ? annotationsOf(op.response).title ?? op.response : 'no content'}` };
    if (op.response) success.content = { 'application/json': { schema: successSchema(profile, op.method, op.response) } };
    responses[String(op.status)] = success;
    for (const status of op.alsoStatus) {
      responses[String(status)] = { ...success, description: `${status}: the same body under another status a conforming server may answer with (${op.status} is the one chatconform's reference server uses)` };
    }
    for (const [status, key] of errors) {
      if ([op.status, ...op.alsoStatus].map(String).includes(status)) continue;
      const a = annotationsOf(key);
      responses[status] = {
        description: `${status === 'default' ? 'any other status' : status}: the dialect's error body (${a.decision ?? a.doc ?? key})`,
        content: { 'application/json': { schema: refTo(key) } },
      };
    }
    const sec = security(profile, op);
    const operation: JsonObject = {
      operationId: op.name,
      summary: `${op.method} ${op.path}`,
      description: `${op.name}: ${op.doc}${op.origin === 'rest' ? '' : ` (the profile's ${op.origin})`}` +
        (op.auth === 'admin' ? '. Needs a staff user\'s access token.' : ''),
      tags: [op.name.split('.')[0]!],
      ...(sectionOf(profile, op) ? { 'x-doc': sectionOf(profile, op)! } : {}),
      'x-decision': decisionsOf(op),
      ...(sec ? { security: sec as Json[] } : {}),
      responses,
    };
    const params = parameters(profile, op);
    if (params.length) operation.parameters = params;
    if (op.request) {
      const type = op.contentType ?? 'application/json';
      const encoding = type === 'multipart/form-data' ? encodingOf(bundle.schemas, op.request) : undefined;
      operation.requestBody = { required: true, content: { [type]: { schema: refTo(op.request), ...(encoding ? { encoding } : {}) } } };
    }
    const item = (paths[op.path] ??= {});
    item[op.method.toLowerCase()] = operation;
  }
  const schemes: JsonObject = {
    bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: `an access token (${profile.auth.login ? `${profile.auth.login.method} ${profile.auth.login.path}, at \`${profile.auth.login.accessPath}\`` : 'given by the target'})` },
  };
  const visitor = visitorQuery(profile);
  if (visitor) schemes.visitor = { type: 'apiKey', in: 'query', name: visitor, description: 'a visitor token (the room\'s, from the start of its chat)' };
  const tags = uniq(ops.map((o) => o.name.split('.')[0]!)).map((name) => ({ name, description: `${profile.title}: ${name} operations` }));
  return {
    openapi: '3.1.0',
    info: {
      title: profile.title,
      version: VERSION,
      description: describeDialect(profile, 'openapi'),
      'x-doc': profile.document,
      'x-decision': profile.decisions ?? [],
    },
    servers: [{ url: opts.baseUrl ?? DEFAULT_SERVER, description: 'chatconform serve (the reference server); point it at your own' }],
    tags,
    paths,
    components: { schemas: bundle.schemas, securitySchemes: schemes },
  };
}
