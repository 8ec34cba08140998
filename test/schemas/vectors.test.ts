// Every JSON example of the five seed documents is mapped to the schema it illustrates (schemas/<dialect>/
// examples.json) and must pass it; mutations of each mapped example (negatives.ts) must be rejected.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEMA_ROOT, formatErrors, getAjv, idOf, listSchemas } from '../../core/schemas.ts';
import { negatives, rootNode } from './negatives.ts';
import { SEEDS_NOTE, SEEDS_PRESENT, SEED_OF, fillPlaceholders, seedExamples, type Example } from './seed-examples.ts';

interface Entry {
  block: number;
  item?: number;
  schema?: string;
  /** JSON pointer into the schema when the example shows only part of a frame */
  pointer?: string;
  /** the example writes ids as placeholders (`uuid`, `room_uuid`, `<OWNER_UUID>`, `<room_id>`) */
  placeholders?: boolean;
  note?: string;
  skip?: string;
}

function compile(entry: Entry) {
  const ref = `${idOf(entry.schema!)}${entry.pointer ? `#${entry.pointer}` : ''}`;
  const fn = getAjv().getSchema(ref);
  if (!fn) throw new Error(`no schema ${ref}`);
  return fn;
}

// Visible in the default reporter's output too, not only in the skipped tests' names.
if (!SEEDS_PRESENT) console.log(`test/schemas/vectors.test.ts: seed examples ${SEEDS_NOTE}`);

const where = (e: { block: number; item?: number }) => `block ${e.block}${e.item === undefined ? '' : ` item ${e.item}`}`;
const summary: string[] = [];
const known = new Set(listSchemas());

for (const dialect of Object.keys(SEED_OF)) {
  describe.skipIf(!SEEDS_PRESENT)(`${dialect} (${SEED_OF[dialect]}) examples${SEEDS_PRESENT ? '' : ` (${SEEDS_NOTE})`}`, () => {
    const { blocks, examples } = SEEDS_PRESENT ? seedExamples(dialect) : { blocks: [], examples: [] };
    const entries = JSON.parse(readFileSync(join(SCHEMA_ROOT, dialect, 'examples.json'), 'utf8')) as Entry[];
    const counts = { found: examples.length, mapped: 0, skipped: 0, negatives: 0 };

    const entryFor = (ex: Example): Entry[] =>
      entries.filter((e) => e.block === ex.block && (e.item === undefined || e.item === ex.item));

    it('has well-formed entries that name existing blocks, items and schemas', () => {
      const problems: string[] = [];
      for (const e of entries) {
        if ((e.schema === undefined) === (e.skip === undefined)) problems.push(`${where(e)}: needs exactly one of schema or skip`);
        if (e.skip !== undefined && !e.skip.trim()) problems.push(`${where(e)}: skip needs a reason`);
        if (!blocks[e.block]) problems.push(`${where(e)}: the document has ${blocks.length} blocks`);
        if (e.schema && !known.has(e.schema)) problems.push(`${where(e)}: no schemas/${e.schema}.schema.json`);
        const items = examples.filter((x) => x.block === e.block);
        if (e.item !== undefined && !items.some((x) => x.item === e.item)) problems.push(`${where(e)}: no such parseable item`);
        if (e.schema && items.length === 0) problems.push(`${where(e)}: maps a block with nothing parseable`);
      }
      for (const b of blocks) {
        if (!entries.some((e) => e.block === b.index)) problems.push(`block ${b.index} (line ${b.line}) is not listed`);
      }
      expect(problems).toEqual([]);
    });

    it('maps or skips every parseable example exactly once', () => {
      const problems: string[] = [];
      for (const ex of examples) {
        const covering = entryFor(ex);
        if (covering.length !== 1) {
          problems.push(`${where(ex)} (${ex.how}) is covered by ${covering.length} entries: ${JSON.stringify(ex.value).slice(0, 80)}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('accepts every mapped example and rejects its negative vectors', () => {
      const problems: string[] = [];
      for (const ex of examples) {
        const [entry] = entryFor(ex);
        if (!entry) continue;
        if (!entry.schema) {
          counts.skipped++;
          continue;
        }
        counts.mapped++;
        const value = entry.placeholders ? fillPlaceholders(ex.value) : ex.value;
        const fn = compile(entry);
        if (!fn(value)) {
          problems.push(`${where(ex)} fails ${entry.schema}: ${formatErrors(fn.errors).join('; ')}`);
          continue;
        }
        const vectors = negatives(value, rootNode(entry.schema, entry.pointer));
        if (!vectors.some((v) => v.kind === 'type')) problems.push(`${where(ex)}: no field to mutate`);
        for (const v of vectors) {
          if (fn(v.value)) problems.push(`${where(ex)} ${entry.schema}: ${v.kind} mutation at ${v.path} is accepted`);
          else counts.negatives++;
        }
      }
      expect(problems).toEqual([]);
    });

    afterAll(() => {
      summary.push(
        `${dialect.padEnd(10)} blocks ${String(blocks.length).padStart(3)}  examples found ${String(counts.found).padStart(3)}` +
          `  mapped ${String(counts.mapped).padStart(3)}  skipped ${String(counts.skipped).padStart(2)}` +
          `  blocks skipped ${String(entries.filter((e) => e.skip).length).padStart(2)}  negatives rejected ${counts.negatives}`,
      );
    });
  });
}

afterAll(() => {
  console.log(SEEDS_PRESENT ? `seed examples\n${summary.join('\n')}` : `seed examples ${SEEDS_NOTE}`);
});
