// What a profile says about its wire, as the two exports need it: every REST operation (login and refresh
// included, under the name the reference server routes them by), and every socket with the frames it
// carries. Both generators read this and nothing else of the profile's structure.
import { listSchemas, type SchemaKey } from '../core/schemas.ts';
import type { DialectProfile } from '../core/profiles.ts';

type Endpoint = DialectProfile['rest'][string];

export interface RestOperation {
  /** The profile's name: `conversations.list`, or `auth.login` / `auth.refresh` when `rest` does not list them. */
  name: string;
  method: Endpoint['method'];
  path: string;
  auth: Endpoint['auth'];
  contentType?: Endpoint['contentType'];
  request?: SchemaKey;
  response?: SchemaKey;
  status: number;
  /** other success statuses with the same response (`alsoStatus`: carechat's create-or-get answers 200 for an existing chat; 200 where the document shows no status) */
  alsoStatus: number[];
  paginated: boolean;
  /** query parameters the document shows (pagination's aside) */
  query: NonNullable<Endpoint['query']>;
  /** `000 §2.1` or a decision id (the profile's `doc`). */
  doc: string;
  /** Why the operation is exported though `rest` does not list it. */
  origin: 'rest' | 'auth.login' | 'auth.refresh';
}

const schemaExists = (key: SchemaKey) => listSchemas().includes(key);

/**
 * The REST operations of a profile. `auth.login` and `auth.refresh` are operations too: where `rest` lists
 * one at the same method and path (`token.obtain`), that entry is it; otherwise it is exported as
 * `auth.login` / `auth.refresh` (the names the reference server's routes use), its bodies the dialect's
 * `token-request` / `token-refresh-*` schemas (or the SimpleJWT ones of common/).
 */
export function restOperations(profile: DialectProfile): RestOperation[] {
  const ops: RestOperation[] = Object.entries(profile.rest).map(([name, e]) => ({
    name,
    method: e.method,
    path: e.path,
    auth: e.auth,
    ...(e.contentType ? { contentType: e.contentType } : {}),
    ...(e.request ? { request: e.request } : {}),
    ...(e.response ? { response: e.response } : {}),
    status: e.status ?? 200,
    alsoStatus: e.alsoStatus ?? [],
    paginated: e.paginated ?? false,
    query: e.query ?? {},
    doc: e.doc,
    origin: 'rest',
  }));
  const has = (method: string, path: string) => ops.some((o) => o.method === method && o.path === path);
  const { login, refresh } = profile.auth;
  const own = (name: string, fallback: SchemaKey) => (schemaExists(`${profile.id}/${name}`) ? `${profile.id}/${name}` : fallback);
  if (login && !has(login.method, login.path)) {
    ops.unshift({
      name: 'auth.login', method: login.method, path: login.path, auth: 'none', contentType: 'application/json',
      request: own('token-request', 'common/simplejwt-token-request'), response: login.response, status: 200, alsoStatus: [], paginated: false, query: {}, doc: login.doc, origin: 'auth.login',
    });
  }
  if (refresh && !has(refresh.method, refresh.path)) {
    ops.splice(login && ops[0]?.name === 'auth.login' ? 1 : 0, 0, {
      name: 'auth.refresh', method: refresh.method, path: refresh.path, auth: 'none', contentType: 'application/json',
      request: own('token-refresh-request', 'common/jwt-refresh-request'), response: own('token-refresh-response', 'common/jwt-refresh-response'),
      status: 200, alsoStatus: [], paginated: false, query: {}, doc: refresh.doc, origin: 'auth.refresh',
    });
  }
  return ops;
}

export interface Frame {
  /** the frame's type (the discriminator's value, or the profile's key when frames have none) */
  type: string;
  schema: SchemaKey;
}

export interface Socket {
  name: string;
  path: string;
  doc: string;
  /** what the client sends */
  in: Frame[];
  /** what the client receives */
  out: Frame[];
}

/** Each socket endpoint with its frames: those its profile entry names, or every frame of the profile. */
export function sockets(profile: DialectProfile): Socket[] {
  const pick = (all: Record<string, string>, names: string[] | undefined, where: string): Frame[] =>
    (names ?? Object.keys(all)).map((type) => {
      const schema = all[type];
      if (!schema) throw new Error(`profile ${profile.id}: socket ${where} names frame '${type}', which frames does not list`);
      return { type, schema };
    });
  return Object.entries(profile.ws).map(([name, ws]) => ({
    name,
    path: ws.path,
    doc: ws.doc,
    in: pick(profile.frames.in, ws.in, `${name}.in`),
    out: pick(profile.frames.out, ws.out, `${name}.out`),
  }));
}

/** The path parameters of a template, in order. */
export const pathParams = (template: string): string[] => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

/** Every schema key the profile names (operations, frames, error bodies). */
export function profileSchemaKeys(profile: DialectProfile): SchemaKey[] {
  const keys = new Set<SchemaKey>();
  for (const op of restOperations(profile)) {
    if (op.request) keys.add(op.request);
    if (op.response) keys.add(op.response);
  }
  for (const s of sockets(profile)) for (const f of [...s.in, ...s.out]) keys.add(f.schema);
  keys.add(profile.errors.frame);
  for (const key of Object.values(profile.errors.body ?? {})) keys.add(key);
  if (profile.pagination.envelope) keys.add(profile.pagination.envelope);
  if (profile.pagination.listsMayPage) keys.add(profile.pagination.listsMayPage);
  return [...keys];
}

/** The id format a path parameter stands for, when its resource says so (rooms, messages, users). */
export function idFormatOf(profile: DialectProfile, path: string, param: string): 'integer' | 'uuid' | 'string' | undefined {
  if (param !== 'id') return undefined;
  const before = path.slice(0, path.indexOf(`{${param}}`)).replace(/\/+$/, '');
  const resource = before.slice(before.lastIndexOf('/') + 1);
  if (/^(conversations|rooms|chats|chat)$/.test(resource)) return profile.ids.room;
  if (/^messages?$/.test(resource)) return profile.ids.message;
  if (/^(user|users)$/.test(resource)) return profile.ids.user;
  return undefined;
}
