// generated/types/ is never edited by hand: it must be exactly what `npm run gen` renders from schemas/.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TYPES_ROOT, renderTypes } from '../../tools/gen-types.ts';

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? tsFiles(full) : name.endsWith('.ts') ? [relative(TYPES_ROOT, full).split('\\').join('/')] : [];
  });
}

describe('generated/types', () => {
  it('matches renderTypes() for every schema', { timeout: 180_000 }, async () => {
    const rendered = await renderTypes();
    const expected = new Map([...rendered].map(([key, ts]) => [`${key}.ts`, ts]));
    const stale: string[] = [];
    for (const [file, ts] of expected) {
      const path = join(TYPES_ROOT, file);
      if (!existsSync(path)) stale.push(`${file} (missing)`);
      else if (readFileSync(path, 'utf8') !== ts) stale.push(`${file} (differs)`);
    }
    for (const file of tsFiles(TYPES_ROOT)) if (!expected.has(file)) stale.push(`${file} (no schema)`);
    expect(stale, `generated/types/ is stale: ${stale.join(', ')}. Run \`npm run gen\` and commit the result.`).toEqual([]);
  });
});
