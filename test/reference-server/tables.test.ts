// The tables are collected from the manifest's dialect modules with a top-level await: a dialect module that
// imported a value from a module awaiting it would wait on itself, and the server would never start.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVED_PROFILES } from '../../reference-server/index.ts';
import { DIALECT_MODULES, FAULTS, FUZZ_FAULTS, VARIANTS } from '../../reference-server/tables.ts';

const root = join(import.meta.dirname, '..', '..', 'reference-server');
const AWAITING = ['tables.ts', 'faults.ts', 'variants.ts', 'index.ts', 'cluster.ts'];

describe.each(SERVED_PROFILES)('%s tables', (dialect) => {
  it("are the ones its module names", () => {
    const m = DIALECT_MODULES[dialect]!;
    expect(m.id).toBe(dialect);
    expect(FAULTS[dialect]).toBe(m.faults);
    expect(FUZZ_FAULTS[dialect]).toEqual(m.fuzzFaults ?? []);
    expect(VARIANTS[dialect]).toBe(m.variants);
    expect(m.faults.length).toBeGreaterThan(0);
  });

  it('its folder imports only types from the modules that await it', () => {
    const dir = join(root, dialect);
    const offending: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
        const m = /^import\s+(type\s+)?.*from '\.\.\/([\w-]+\.ts)'/.exec(line);
        if (m && !m[1] && AWAITING.includes(m[2]!)) offending.push(`${file}: ${line}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
