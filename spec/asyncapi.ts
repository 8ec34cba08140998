// A dialect as an AsyncAPI 3.0 document, generated from its profile and schemas: one channel per socket
// endpoint (its address and parameters, the WebSocket binding with the query token or header), every frame
// in and out as a message whose payload references its schema, one operation for what the client sends
// and one for what it receives, and the close codes the profile names (`x-close-codes`).
import { VERSION } from '../core/package-root.ts';
import type { DialectProfile } from '../core/profiles.ts';
import { annotationsOf, bundleSchemas, refTo, type Json, type JsonObject } from './components.ts';
import { idFormatOf, pathParams, profileSchemaKeys, sockets, type Frame } from './operations.ts';
import { DEFAULT_SERVER, describeDialect, uniq } from './text.ts';

export interface AsyncApiOptions {
  /** `ws://127.0.0.1:8000`, or the http form of the same server: the server the document names. */
  wsUrl?: string;
}

const DECISION = /D-[a-z]+-\d{2}/g;

/** `in.chat_message`: the key of a frame's message, in components and in every channel carrying it. */
const messageKey = (dir: 'in' | 'out', f: Frame) => `${dir}.${f.type}`;

function message(profile: DialectProfile, dir: 'in' | 'out', f: Frame): JsonObject {
  const a = annotationsOf(f.schema);
  const how = profile.frames.discriminator
    ? `\`${profile.frames.discriminator}: "${f.type}"\``
    : `by the keys it carries (frames have no type field${(profile.decisions ?? []).length ? '; see the decisions' : ''})`;
  return {
    name: f.type,
    title: a.title ?? f.type,
    summary: `${dir === 'in' ? 'client to server' : 'server to client'}: ${f.type}`,
    description: `Told apart ${how}. Schema: schemas/${f.schema}.schema.json.`,
    contentType: 'application/json',
    payload: refTo(f.schema),
    ...(a.doc ? { 'x-doc': a.doc } : {}),
    'x-decision': uniq([...(a.decision ?? '').matchAll(DECISION)].map((m) => m[0])),
  };
}

function credentials(profile: DialectProfile): { query: JsonObject; headers: JsonObject; schemes: JsonObject } {
  const query: Record<string, JsonObject> = {};
  const headers: Record<string, JsonObject> = {};
  const schemes: JsonObject = {};
  for (const c of profile.auth.ws) {
    const what = c.kind === 'visitor-token' ? 'a visitor token' : 'an access token';
    if (c.in === 'query') {
      query[c.name] = { type: 'string', minLength: 1, description: `${what}, without any prefix` };
      schemes[`${c.name}Query`] = { type: 'httpApiKey', in: 'query', name: c.name, description: `${what} in the query: ?${c.name}=<token>` };
    } else {
      headers[c.name] = { type: 'string', ...(c.prefix ? { pattern: `^${c.prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` } : {}), description: `${c.prefix ?? ''}<${what.replace(/^an? /, '')}>` };
      schemes[`${c.name.toLowerCase()}Header`] = c.prefix?.trim().toLowerCase() === 'bearer'
        ? { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: `${what} in the upgrade's ${c.name} header` }
        : { type: 'httpApiKey', in: 'header', name: c.name, description: `${what} in the upgrade's ${c.name} header` };
    }
  }
  const either = profile.auth.ws.length > 1 ? ` Any one of them authenticates the upgrade (preferred first: ${profile.auth.ws.map((c) => `${c.in} ${c.name}`).join(', ')}).` : '';
  return {
    query: { type: 'object', properties: query, description: `credentials in the query.${either}` },
    headers: { type: 'object', properties: headers, description: `credentials in the upgrade's headers.${either}` },
    schemes,
  };
}

export function asyncapi(profile: DialectProfile, opts: AsyncApiOptions = {}): JsonObject {
  const bundle = bundleSchemas(profile.id, profileSchemaKeys(profile), { draft07: true });
  const creds = credentials(profile);
  const closeCodes = Object.fromEntries(
    Object.entries(profile.closeCodes ?? {}).map(([code, c]) => [code, { name: c.name, meaning: c.meaning, 'x-decision': uniq([...c.meaning.matchAll(DECISION)].map((m) => m[0])) }]),
  );
  const closeText = Object.entries(profile.closeCodes ?? {}).map(([code, c]) => `- ${code} ${c.name}: ${c.meaning}`).join('\n');
  const messages: Record<string, JsonObject> = {};
  const channels: Record<string, JsonObject> = {};
  const operations: Record<string, JsonObject> = {};
  for (const s of sockets(profile)) {
    const own: Record<string, JsonObject> = {};
    for (const [dir, frames] of [['in', s.in], ['out', s.out]] as const) {
      for (const f of frames) {
        const key = messageKey(dir, f);
        messages[key] ??= message(profile, dir, f);
        own[key] = { $ref: `#/components/messages/${key}` };
      }
    }
    const params = pathParams(s.path);
    const hasHeaders = Object.keys(creds.headers.properties as JsonObject).length > 0;
    const hasQuery = Object.keys(creds.query.properties as JsonObject).length > 0;
    channels[s.name] = {
      address: s.path,
      title: `${s.name} socket`,
      description: `The ${s.name} socket (${s.doc}).${closeText ? `\n\nClose codes:\n${closeText}` : ''}`,
      ...(params.length
        ? { parameters: Object.fromEntries(params.map((p) => [p, { description: `${p}${idFormatOf(profile, s.path, p) ? ` (${idFormatOf(profile, s.path, p)})` : ''}` }])) }
        : {}),
      messages: own,
      bindings: { ws: { method: 'GET', ...(hasQuery ? { query: creds.query } : {}), ...(hasHeaders ? { headers: creds.headers } : {}), bindingVersion: '0.1.0' } },
      'x-doc': s.doc,
      'x-close-codes': closeCodes,
    };
    const refs = (dir: 'in' | 'out', frames: Frame[]) => frames.map((f) => ({ $ref: `#/channels/${s.name}/messages/${messageKey(dir, f)}` }));
    if (s.in.length) {
      operations[`${s.name}.clientSends`] = {
        action: 'receive',
        channel: { $ref: `#/channels/${s.name}` },
        title: `What a client sends on the ${s.name} socket`,
        description: `The frames a client may send on ${s.path} (${s.doc}); the server receives them.`,
        messages: refs('in', s.in),
      };
    }
    if (s.out.length) {
      operations[`${s.name}.clientReceives`] = {
        action: 'send',
        channel: { $ref: `#/channels/${s.name}` },
        title: `What a client receives on the ${s.name} socket`,
        description: `The frames the server sends on ${s.path} (${s.doc}); a client receives them.`,
        messages: refs('out', s.out),
      };
    }
  }
  const url = new URL((opts.wsUrl ?? DEFAULT_SERVER).replace(/^http/, 'ws'));
  return {
    asyncapi: '3.0.0',
    id: `urn:chatconform:${profile.id}`,
    info: {
      title: profile.title,
      version: VERSION,
      description: describeDialect(profile, 'asyncapi'),
      'x-doc': profile.document,
      'x-decision': profile.decisions ?? [],
    },
    defaultContentType: 'application/json',
    servers: {
      reference: {
        host: url.host,
        protocol: url.protocol.replace(/:$/, ''),
        description: 'chatconform serve (the reference server); point it at your own',
        security: Object.keys(creds.schemes).map((name) => ({ $ref: `#/components/securitySchemes/${name}` })),
      },
    },
    channels: channels as Json,
    operations: operations as Json,
    components: { schemas: bundle.schemas, messages, securitySchemes: creds.schemes },
  };
}
