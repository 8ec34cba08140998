// Regenerates generated/types/ from schemas/ (npm run gen). The output is never edited by hand;
// test/tools/gen-types.test.ts fails when it is stale.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
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

/**
 * Each type is declared once, in its own schema's file: json-schema-to-typescript declares every type a
 * schema reaches, so the declarations that belong to another schema file are dropped and imported instead.
 * A declaration is a top-level `export` with the JSDoc above it.
 */
function declareOnce(key: string, ts: string, titles: Map<string, string>): string {
  const owner = new Map([...titles].map(([k, t]) => [t, k]));
  const body = ts.slice(ts.indexOf(BANNER) + BANNER.length).trim();
  const chunks: string[] = [];
  let afterDoc = false; // the previous line closed a top-level JSDoc, which belongs to the next export
  for (const line of body.split('\n')) {
    const starts = line.startsWith('/**') || (line.startsWith('export ') && !afterDoc);
    if (starts || chunks.length === 0) chunks.push(line);
    else chunks[chunks.length - 1] += `\n${line}`;
    afterDoc = line === ' */' || (line.startsWith('/**') && line.endsWith('*/'));
  }
  const kept = chunks.map((c) => c.trim()).filter((chunk) => {
    const name = /^export (?:interface|type) (\w+)/m.exec(chunk)?.[1];
    return chunk !== '' && !(name && owner.has(name) && owner.get(name) !== key);
  });
  const text = kept.join('\n\n');
  const declared = new Set([...text.matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]));
  const imports: string[] = [];
  for (const [title, other] of [...owner].sort(([, a], [, b]) => a.localeCompare(b))) {
    if (other === key || declared.has(title) || !new RegExp(`\\b${title}\\b`).test(text)) continue;
    const from = posix.relative(posix.dirname(key), other);
    imports.push(`import type { ${title} } from '${from.startsWith('.') ? from : `./${from}`}.ts';`);
  }
  return `${[BANNER, ...imports].join('\n')}\n\n${text}\n`;
}

/** key -> TypeScript source, for every schema. */
export async function renderTypes(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const titles = new Map<string, string>();
  const schemas = new Map<string, Record<string, unknown>>();
  for (const key of listSchemas()) {
    const schema = JSON.parse(readFileSync(join(SCHEMA_ROOT, `${key}.schema.json`), 'utf8'));
    schemas.set(key, schema);
    titles.set(key, schema.title);
  }
  for (const [key, schema] of schemas) {
    const ts = await compile(schema, schema.title as string, {
      bannerComment: BANNER,
      cwd: dirname(join(SCHEMA_ROOT, key)),
      declareExternallyReferenced: true,
      additionalProperties: false,
      unknownAny: true,
      style: { singleQuote: true, printWidth: 120 },
      $refOptions: { resolve: { http: false, chatconform: localResolver } } as never,
    });
    out.set(key, declareOnce(key, ts, titles));
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
