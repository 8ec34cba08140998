// Each dialect's OpenAPI 3.1 and AsyncAPI 3.0 export, judged by the tools that read them: Redocly's OpenAPI
// linter, @asyncapi/parser, and Spectral's built-in `oas` and `asyncapi` rulesets, with no error; every
// operation and frame of the profile exported; every example of the seed document (schemas/<id>/examples.json)
// valid against the response, request or message it belongs to in the exported document, read by a
// validator of the document's own draft (2020-12 for OpenAPI 3.1, draft 07 for AsyncAPI's schema format).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Ajv as Draft07 } from 'ajv';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';
import { DIALECT_IDS } from '../../dialects.ts';
import { SCHEMA_ROOT } from '../../core/schemas.ts';
import { loadProfile } from '../../core/profiles.ts';
import { exportSpec, specCounts } from '../../spec/index.ts';
import { COMPONENTS, componentName, type JsonObject } from '../../spec/components.ts';
import { asyncapiParser, redocly, spectral } from './judges.ts';
import { SEEDS_NOTE, SEEDS_PRESENT, fillPlaceholders, seedExamples } from '../schemas/seed-examples.ts';
import { negatives, rootNode } from '../schemas/negatives.ts';

const addFormats: FormatsPlugin = (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);

interface Entry { block: number; item?: number; schema?: string; pointer?: string; placeholders?: boolean }

/** Where each schema key is used in a document: `POST /api/token/ request`, `200 of auth.login`, `message in.text`. */
function placesOf(doc: JsonObject, format: 'openapi' | 'asyncapi'): Map<string, string[]> {
  const places = new Map<string, string[]>();
  const add = (ref: unknown, where: string) => {
    if (typeof ref !== 'string' || !ref.startsWith(COMPONENTS)) return;
    const name = ref.slice(COMPONENTS.length);
    places.set(name, [...(places.get(name) ?? []), where]);
  };
  if (format === 'openapi') {
    for (const item of Object.values(doc.paths as Record<string, Record<string, JsonObject>>)) {
      for (const op of Object.values(item)) {
        const body = (op.requestBody as JsonObject | undefined)?.content as Record<string, { schema: { $ref: string } }> | undefined;
        for (const media of Object.values(body ?? {})) add(media.schema.$ref, `request of ${op.operationId as string}`);
        for (const [status, r] of Object.entries(op.responses as Record<string, JsonObject>)) {
          for (const media of Object.values((r.content ?? {}) as Record<string, { schema: { $ref: string } }>)) add(media.schema.$ref, `${status} of ${op.operationId as string}`);
        }
      }
    }
  } else {
    for (const [key, m] of Object.entries((doc.components as JsonObject).messages as Record<string, JsonObject>)) add((m.payload as JsonObject).$ref, `message ${key}`);
  }
  return places;
}

/**
 * The components whose instances a component's are too: those it refines (its `allOf` references), and those
 * that take it as one of their readings (an `anyOf` that references it: uzbekhub's 404 body).
 */
function parentsOf(doc: JsonObject, name: string): string[] {
  const schemas = (doc.components as JsonObject).schemas as Record<string, JsonObject>;
  const refined = ((schemas[name]?.allOf ?? []) as JsonObject[]).map((s) => String(s.$ref ?? '')).filter((r) => r.startsWith(COMPONENTS)).map((r) => r.slice(COMPONENTS.length));
  const readingOf = Object.keys(schemas).filter((other) => ((schemas[other]!.anyOf ?? []) as JsonObject[]).some((s) => s.$ref === `${COMPONENTS}${name}`));
  return [...refined, ...readingOf];
}

/** A validator that reads the exported document itself: its components, by the document's draft. */
function documentValidator(doc: JsonObject, format: 'openapi' | 'asyncapi') {
  const ajv = format === 'openapi' ? new Ajv2020({ strict: false, allErrors: true }) : new Draft07({ strict: false, allErrors: true });
  addFormats(ajv as never);
  ajv.addSchema({ $id: 'https://export.invalid/document.json', components: doc.components } as never);
  return (name: string, pointer = '') => ajv.compile({ $ref: `https://export.invalid/document.json${COMPONENTS}${name}${pointer}` });
}

const summary: string[] = [];

describe.each(DIALECT_IDS)('%s exported', (id) => {
  const profile = loadProfile(id);
  const oas = exportSpec(id, 'openapi');
  const aa = exportSpec(id, 'asyncapi');
  const row: Record<string, string> = { id };

  it('exports every REST operation and every frame of the profile', () => {
    const c = specCounts(id);
    expect(c.operations.exported).toBe(c.operations.profile);
    expect(c.messages.exported).toBe(c.messages.profile);
    expect(c.sockets.exported).toBe(c.sockets.profile);
    const operationIds = Object.values(oas.paths as Record<string, Record<string, JsonObject>>).flatMap((item) => Object.values(item).map((op) => op.operationId));
    for (const name of Object.keys(profile.rest)) expect(operationIds).toContain(name);
    if (profile.auth.login) expect(operationIds.some((n) => n === 'auth.login' || (profile.rest[n as string]?.path === profile.auth.login!.path))).toBe(true);
    row.ops = `${c.operations.exported}/${c.operations.profile}`;
    row.msgs = `${c.messages.exported}/${c.messages.profile}`;
    row.channels = `${c.sockets.exported}/${c.sockets.profile}`;
  });

  it('OpenAPI 3.1: Redocly (recommended) and Spectral (spectral:oas) find no error', async () => {
    const [r, s] = await Promise.all([redocly(oas), spectral(oas, 'oas')]);
    expect(r.errors).toEqual([]);
    expect(s.errors).toEqual([]);
    row.redocly = `${r.errors.length} errors, ${r.warnings.length} warnings`;
    row.spectralOas = `${s.errors.length} errors, ${s.warnings.length} warnings`;
  }, 60_000);

  it('AsyncAPI 3.0: @asyncapi/parser parses it and Spectral (spectral:asyncapi) finds no error', async () => {
    const [p, s] = await Promise.all([asyncapiParser(aa), spectral(aa, 'asyncapi')]);
    expect(p.errors).toEqual([]);
    expect(p.parsed).toBe(true);
    expect(s.errors).toEqual([]);
    row.parser = `parsed, ${p.errors.length} errors, ${p.warnings.length} warnings`;
    row.spectralAa = `${s.errors.length} errors, ${s.warnings.length} warnings`;
  }, 60_000);

  it.skipIf(!SEEDS_PRESENT)(`every example of the seed document validates against its place in the export${SEEDS_PRESENT ? '' : ` (${SEEDS_NOTE})`}`, () => {
    const entries = (JSON.parse(readFileSync(join(SCHEMA_ROOT, id, 'examples.json'), 'utf8')) as Entry[]).filter((e) => e.schema);
    const { examples } = seedExamples(id);
    const docs = { openapi: oas, asyncapi: aa } as const;
    const places = { openapi: placesOf(oas, 'openapi'), asyncapi: placesOf(aa, 'asyncapi') };
    const validators = { openapi: documentValidator(oas, 'openapi'), asyncapi: documentValidator(aa, 'asyncapi') };
    const problems: string[] = [];
    let placed = 0;
    let componentOnly = 0;
    let rejected = 0;
    const unplaced = new Set<string>();
    const viaParent = new Set<string>();
    for (const ex of examples) {
      const entry = entries.find((e) => e.block === ex.block && (e.item === undefined || e.item === ex.item));
      if (!entry?.schema) continue;
      const name = componentName(entry.schema);
      const value = entry.placeholders ? fillPlaceholders(ex.value) : ex.value;
      const homes = (['openapi', 'asyncapi'] as const).filter((f) => places[f].has(name));
      // Used by no operation or message (a part shown on its own): judged against its component, and against
      // the message or response it refines (medmapp's rate-limit frame is an allOf of its error frame) or is one
      // reading of (uzbekhub's 404 body {"error"} is one of the two its 404 responses accept).
      const judged = homes.length ? homes : (['openapi', 'asyncapi'] as const).filter((f) => name in ((docs[f].components as JsonObject).schemas as JsonObject));
      const refined = homes.length ? [] : judged.flatMap((f) => parentsOf(docs[f], name).filter((p) => places[f].has(p)).map((p) => [f, p] as const));
      if (homes.length) placed++;
      else if (refined.length) {
        placed++;
        viaParent.add(`${entry.schema} (as ${refined.map(([f, p]) => places[f].get(p)![0]).join(', ')})`);
      } else {
        componentOnly++;
        unplaced.add(entry.schema);
      }
      if (judged.length === 0) problems.push(`block ${ex.block}: ${entry.schema} is in neither document`);
      for (const [f, parent] of refined) {
        const fn = validators[f](parent);
        if (!fn(value)) problems.push(`block ${ex.block} (${f}, ${places[f].get(parent)![0]}, which ${entry.schema} refines): ${JSON.stringify(fn.errors).slice(0, 300)}`);
      }
      for (const f of judged) {
        const fn = validators[f](name, entry.pointer ?? '');
        if (!fn(value)) {
          problems.push(`block ${ex.block} (${f}, ${(places[f].get(name) ?? ['component'])[0]}): ${JSON.stringify(fn.errors).slice(0, 300)}`);
          continue;
        }
        // As tight as the schemas: each mutation the schema test rejects (test/schemas/negatives.ts) is rejected here too.
        for (const v of negatives(value as never, rootNode(entry.schema, entry.pointer))) {
          if (fn(v.value)) problems.push(`block ${ex.block} (${f}): ${v.kind} mutation at ${v.path} is accepted by the export`);
          else rejected++;
        }
      }
    }
    expect(problems).toEqual([]);
    row.examples = `${placed + componentOnly} valid, ${rejected} mutations of them rejected (${placed} in an operation or message` +
      `${viaParent.size ? ` (${[...viaParent].join('; ')})` : ''}${componentOnly ? `, ${componentOnly} against a component only: ${[...unplaced].join(', ')}` : ''})`;
  });

  afterAll(() => {
    summary.push(`${row.id!.padEnd(10)} operations ${row.ops}  messages ${row.msgs} on ${row.channels} channels\n` +
      `           redocly: ${row.redocly}; spectral:oas: ${row.spectralOas}\n` +
      `           asyncapi parser: ${row.parser}; spectral:asyncapi: ${row.spectralAa}\n` +
      `           seed examples: ${row.examples ?? (SEEDS_PRESENT ? 'not all valid (see the failure above)' : SEEDS_NOTE)}`);
  });
});

afterAll(() => {
  console.log(`exported documents (exported/profile)\n${summary.join('\n')}`);
});
