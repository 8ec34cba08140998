// One Ajv instance for the whole process: every schema under schemas/ is compiled once, on first use,
// and shared by the reference server, the checks, the CLI and the tests.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';
import { PACKAGE_ROOT } from './package-root.ts';

// ajv-formats is CommonJS: its default export arrives as the module object under NodeNext.
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);

export const SCHEMA_ROOT = join(PACKAGE_ROOT, 'schemas') + sep;
export const SCHEMA_BASE = 'https://chatconform.dev/schemas/';

/** `medmapp/chat-message-frame` -> schemas/medmapp/chat-message-frame.schema.json */
export type SchemaKey = string;

export interface SchemaVerdict {
  ok: boolean;
  /** One line per violation, `/path: message`, empty when ok. */
  errors: string[];
}

function* schemaFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yield* schemaFiles(full);
    else if (name.endsWith('.schema.json')) yield full;
  }
}

export function keyOf(file: string): SchemaKey {
  return relative(SCHEMA_ROOT, file).split(sep).join('/').replace(/\.schema\.json$/, '');
}

export function idOf(key: SchemaKey): string {
  return `${SCHEMA_BASE}${key}.schema.json`;
}

let ajv: Ajv2020 | undefined;
const compiled = new Map<SchemaKey, ValidateFunction>();

export function getAjv(): Ajv2020 {
  if (ajv) return ajv;
  const instance = new Ajv2020({
    strict: true,
    // anyOf: [{required: [a]}, {required: [b]}] ("one of these fields") is idiomatic and trips strictRequired.
    strictRequired: false,
    allErrors: true,
    allowUnionTypes: true,
  });
  addFormats(instance);
  // Annotation keywords used by the schemas to tie a shape to its document section.
  instance.addKeyword({ keyword: 'x-doc', schemaType: 'string' });
  instance.addKeyword({ keyword: 'x-decision', schemaType: 'string' });
  for (const file of schemaFiles(SCHEMA_ROOT)) {
    const schema = JSON.parse(readFileSync(file, 'utf8'));
    const expected = idOf(keyOf(file));
    if (schema.$id !== expected) throw new Error(`${file}: $id must be ${expected}, found ${schema.$id}`);
    instance.addSchema(schema);
  }
  ajv = instance;
  return instance;
}

export function listSchemas(): SchemaKey[] {
  return [...schemaFiles(SCHEMA_ROOT)].map(keyOf);
}

export function validator(key: SchemaKey): ValidateFunction {
  let fn = compiled.get(key);
  if (!fn) {
    fn = getAjv().getSchema(idOf(key));
    if (!fn) throw new Error(`unknown schema ${key} (expected schemas/${key}.schema.json)`);
    compiled.set(key, fn);
  }
  return fn;
}

export function formatErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const where = e.instancePath || '/';
    const extra = e.keyword === 'additionalProperties' ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'`
      : e.keyword === 'enum' ? ` ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}` : '';
    return `${where}: ${e.message}${extra}`;
  });
}

export function validate(key: SchemaKey, value: unknown): SchemaVerdict {
  const fn = validator(key);
  const ok = fn(value) as boolean;
  return { ok, errors: ok ? [] : formatErrors(fn.errors) };
}

export function assertValid<T>(key: SchemaKey, value: unknown): T {
  const verdict = validate(key, value);
  if (!verdict.ok) throw new Error(`${key}: ${verdict.errors.join('; ')}`);
  return value as T;
}
