// The JSON Schemas of schemas/ as components of an exported document, by reference: every schema the dialect
// owns, and every shared one they reach, becomes one `components.schemas` entry named after its key
// (`medmapp/token-response` -> `medmapp.token-response`), and each file reference between them becomes a
// reference to that component. Nothing is copied inline, so a reader sees the same shapes the harness checks.
//
// What changes on the way, and why nothing is lost:
// - `$schema` and `$id` are dropped: inside a document, a component's `$id` would become the base of its
//   references (and tools would try to fetch it); the component name carries the key instead, in `x-schema`.
// - for AsyncAPI (whose default schema format is the AsyncAPI Schema, a superset of JSON Schema draft 07),
//   a `$ref` with other keywords beside it becomes `allOf: [{$ref}]` with those keywords, since draft 07
//   ignores a reference's siblings while 2020-12 applies them. Every keyword the schemas use means the same
//   in both drafts (DRAFT07_SAFE lists them; `assertPortable` refuses any other), so the reading is exact.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_BASE, SCHEMA_ROOT, listSchemas, type SchemaKey } from '../core/schemas.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Where components live in the document: OpenAPI and AsyncAPI alike. */
export const COMPONENTS = '#/components/schemas/';

/** The component name of a schema key. */
export const componentName = (key: SchemaKey): string => key.replace('/', '.');

/** A `$ref` to the component of a schema key, with an optional JSON pointer inside it (`/properties/data`). */
export const refTo = (key: SchemaKey, pointer = ''): JsonObject => ({ $ref: `${COMPONENTS}${componentName(key)}${pointer}` });

/**
 * Keywords whose meaning is the same in JSON Schema 2020-12 (the schemas' draft) and draft 07 (AsyncAPI's
 * default schema format), plus the annotations the schemas carry. A schema using any other keyword is not
 * exported to AsyncAPI silently: assertPortable names it.
 */
export const DRAFT07_SAFE = new Set([
  '$ref', 'title', 'description', 'type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const',
  'format', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength',
  'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'oneOf', 'anyOf', 'allOf', 'not',
  'default', 'examples', 'contentMediaType', 'contentEncoding', 'if', 'then', 'else', 'x-doc', 'x-decision', 'x-schema',
]);

function readSchema(key: SchemaKey): JsonObject {
  return JSON.parse(readFileSync(join(SCHEMA_ROOT, `${key}.schema.json`), 'utf8')) as JsonObject;
}

/** The schema keys a schema refers to (file references, resolved against its `$id`). */
function refsOf(key: SchemaKey, node: Json, out = new Set<SchemaKey>()): Set<SchemaKey> {
  if (Array.isArray(node)) node.forEach((n) => refsOf(key, n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && !v.startsWith('#')) out.add(resolveKey(key, v).key);
      else if (k === 'properties' && v && typeof v === 'object' && !Array.isArray(v)) Object.values(v).forEach((p) => refsOf(key, p, out));
      else if (typeof v === 'object') refsOf(key, v, out);
    }
  }
  return out;
}

function resolveKey(from: SchemaKey, ref: string): { key: SchemaKey; pointer: string } {
  const url = new URL(ref, `${SCHEMA_BASE}${from}.schema.json`);
  const path = url.href.slice(SCHEMA_BASE.length).replace(/#.*$/, '');
  if (!url.href.startsWith(SCHEMA_BASE) || !path.endsWith('.schema.json')) throw new Error(`${from}: reference ${ref} leaves schemas/`);
  return { key: path.replace(/\.schema\.json$/, ''), pointer: url.hash.replace(/^#/, '') };
}

export interface Bundle {
  /** components.schemas of the document */
  schemas: Record<string, JsonObject>;
  /** the schema keys, in the order of `schemas` */
  keys: SchemaKey[];
}

export interface BundleOptions {
  /** AsyncAPI: references with siblings become allOf (draft 07 ignores a reference's siblings). */
  draft07?: boolean;
}

/**
 * Every schema of the dialect's folder, the keys given (e.g. the profile's), and every schema they reach,
 * as components with internal references.
 */
export function bundleSchemas(dialect: string, wanted: Iterable<SchemaKey>, opts: BundleOptions = {}): Bundle {
  const all = new Set(listSchemas());
  const queue = [...listSchemas().filter((k) => k.startsWith(`${dialect}/`)), ...wanted];
  const seen = new Set<SchemaKey>();
  while (queue.length) {
    const key = queue.shift()!;
    if (seen.has(key)) continue;
    if (!all.has(key)) throw new Error(`unknown schema ${key} (expected schemas/${key}.schema.json)`);
    seen.add(key);
    queue.push(...refsOf(key, readSchema(key)));
  }
  // The dialect's own first, then the shared ones, each group in key order: a stable document.
  const keys = [...seen].sort((a, b) => Number(!a.startsWith(`${dialect}/`)) - Number(!b.startsWith(`${dialect}/`)) || a.localeCompare(b));
  const schemas: Record<string, JsonObject> = {};
  for (const key of keys) {
    const { $schema: _s, $id: _i, ...rest } = readSchema(key);
    if (opts.draft07) assertPortable(key, rest);
    schemas[componentName(key)] = { ...(rewrite(key, rest, opts) as JsonObject), 'x-schema': `schemas/${key}.schema.json` };
  }
  return { schemas, keys };
}

function rewrite(key: SchemaKey, node: Json, opts: BundleOptions): Json {
  if (Array.isArray(node)) return node.map((n) => rewrite(key, n, opts));
  if (!node || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string') {
      const target = v.startsWith('#') ? { key, pointer: v.slice(1) } : resolveKey(key, v);
      out.$ref = refTo(target.key, target.pointer).$ref as string;
    } else if (k === 'properties' && v && typeof v === 'object' && !Array.isArray(v)) {
      out[k] = Object.fromEntries(Object.entries(v).map(([name, sub]) => [name, rewrite(key, sub, opts)]));
    } else out[k] = typeof v === 'object' ? rewrite(key, v, opts) : v;
  }
  if (opts.draft07 && typeof out.$ref === 'string' && Object.keys(out).length > 1) {
    const { $ref, ...siblings } = out;
    return { ...siblings, allOf: [{ $ref }] };
  }
  return out;
}

/** Refuses a schema that uses a keyword draft 07 would read differently (or not at all). */
export function assertPortable(key: SchemaKey, node: Json, path = ''): void {
  if (Array.isArray(node)) return node.forEach((n, i) => assertPortable(key, n, `${path}/${i}`));
  if (!node || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node)) {
    if (k === 'properties' && v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [name, sub] of Object.entries(v)) assertPortable(key, sub, `${path}/properties/${name}`);
      continue;
    }
    if (!DRAFT07_SAFE.has(k)) throw new Error(`${key}${path}: keyword '${k}' has no exact draft-07 reading; the AsyncAPI export would change its meaning`);
    if (typeof v === 'object') assertPortable(key, v, `${path}/${k}`);
  }
}

/** The `x-doc` and `x-decision` annotations of a schema file (top level). */
export function annotationsOf(key: SchemaKey): { doc?: string; decision?: string; title?: string } {
  const s = readSchema(key);
  return {
    ...(typeof s['x-doc'] === 'string' ? { doc: s['x-doc'] } : {}),
    ...(typeof s['x-decision'] === 'string' ? { decision: s['x-decision'] } : {}),
    ...(typeof s.title === 'string' ? { title: s.title } : {}),
  };
}
