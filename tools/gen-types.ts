// Regenerates generated/types/ from schemas/ (npm run gen). The output is never edited by hand;
// test/tools/gen-types.test.ts fails when it is stale.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';
import { SCHEMA_BASE, SCHEMA_ROOT, listSchemas } from '../core/schemas.ts';

export const TYPES_ROOT = fileURLToPath(new URL('../generated/types/', import.meta.url));
const BANNER = '/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */';

const localResolver = {
  order: 1,
  canRead: (file: { url: string }) => file.url.startsWith(SCHEMA_BASE),
  read: (file: { url: string }) => readFileSync(join(SCHEMA_ROOT, file.url.slice(SCHEMA_BASE.length)), 'utf8'),
};

/** key -> TypeScript source, for every schema. */
export async function renderTypes(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const key of listSchemas()) {
    const schema = JSON.parse(readFileSync(join(SCHEMA_ROOT, `${key}.schema.json`), 'utf8'));
    const ts = await compile(schema, schema.title, {
      bannerComment: BANNER,
      cwd: dirname(join(SCHEMA_ROOT, key)),
      declareExternallyReferenced: true,
      additionalProperties: false,
      unknownAny: true,
      style: { singleQuote: true, printWidth: 120 },
      $refOptions: { resolve: { http: false, chatconform: localResolver } } as never,
    });
    out.set(key, ts);
  }
  return out;
}

async function main(): Promise<void> {
  const types = await renderTypes();
  rmSync(TYPES_ROOT, { recursive: true, force: true });
  for (const [key, ts] of types) {
    const file = join(TYPES_ROOT, `${key}.ts`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, ts);
  }
  console.log(`generated ${types.size} type files in generated/types/`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
