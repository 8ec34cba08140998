// Reads a request schema of schemas/ as the generators need it: the object's properties (with relative
// `$ref`s followed), which are required, and one valid instance to mutate from.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { SCHEMA_ROOT } from '../core/schemas.ts';

type Json = Record<string, unknown>;

export interface ObjectShape {
  properties: Record<string, Json>;
  required: string[];
}

function load(file: string): Json {
  return JSON.parse(readFileSync(file, 'utf8')) as Json;
}

/** Follows `$ref`s to files beside the schema (the only kind schemas/ uses for request bodies). */
function resolve(schema: Json, file: string, depth = 0): Json {
  if (typeof schema.$ref === 'string' && depth < 8 && !schema.$ref.startsWith('#')) {
    const next = join(dirname(file), schema.$ref);
    return resolve({ ...load(next), ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$ref')) }, next, depth + 1);
  }
  return schema;
}

export function objectShape(key: string): ObjectShape {
  const file = join(SCHEMA_ROOT, `${key}.schema.json`);
  const schema = resolve(load(file), file);
  const properties: Record<string, Json> = {};
  for (const [name, sub] of Object.entries((schema.properties ?? {}) as Record<string, Json>)) properties[name] = resolve(sub, file);
  return { properties, required: (schema.required as string[] | undefined) ?? [] };
}

/** One value a property schema accepts: its const, first enum value, null where a choice allows it, or a plain value of its type. */
export function validValue(schema: Json, text = 'fuzz'): unknown {
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  // A nullable choice (`oneOf: [{$ref: uuid}, {type: null}]`, UzbekHub's reply_to): null is the value every server takes.
  if (Array.isArray(schema.oneOf) && (schema.oneOf as Json[]).some((s) => s.type === 'null')) return null;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (schema.format === 'uuid' || schema.pattern === '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$') return '00000000-0000-4000-8000-000000000000';
  switch (type) {
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return {};
    case 'null':
      return null;
    default:
      return text;
  }
}

/** A valid instance: every property (required or not) with a valid value. */
export function validInstance(shape: ObjectShape, text = 'fuzz'): Record<string, unknown> {
  return Object.fromEntries(Object.entries(shape.properties).map(([k, s]) => [k, validValue(s, text)]));
}

export const schemaKeyOf = (file: string) => relative(SCHEMA_ROOT, file).replace(/\.schema\.json$/, '');
