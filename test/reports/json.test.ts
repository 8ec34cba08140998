import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validate } from '../../core/schemas.ts';
import { jsonReporter } from '../../reports/json.ts';
import type { RunResults } from '../../reports/reporter.ts';
import { LEAKED_JWT, SECRETS, makeResults, tempDir } from './fixtures.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

describe('json reporter', () => {
  it('writes results.json that validates against meta/results', async () => {
    const files = await jsonReporter({ outDir: dir }).onRunEnd(makeResults());
    expect(files).toEqual([join(dir, 'results.json')]);
    const written = JSON.parse(await readFile(files[0], 'utf8')) as RunResults;
    expect(validate('meta/results', written)).toEqual({ ok: true, errors: [] });
    expect(written.summary).toEqual(makeResults().summary);
    expect(written.checks.map((c) => [c.id, c.status])).toEqual(makeResults().checks.map((c) => [c.id, c.status]));
    expect(written.checks[2].transcript).toHaveLength(6);
  });

  it('redacts every string again, target users included', async () => {
    const [file] = await jsonReporter({ outDir: dir }).onRunEnd(makeResults());
    const text = await readFile(file, 'utf8');
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    const written = JSON.parse(text) as RunResults;
    expect(written.target.users.bob.token).toBe('[redacted]');
    expect(written.target.users.alice.credentials).toEqual({ email: 'alice@example.test', password: '[redacted]' });
  });

  it('throws on results that do not match the schema (a bug) and writes nothing', async () => {
    const bad = makeResults();
    (bad.checks[0] as { status: string }).status = 'passed';
    await expect(jsonReporter({ outDir: dir }).onRunEnd(bad)).rejects.toThrow(/bug: run results do not match .*\/checks\/0\/status/s);
    expect(existsSync(join(dir, 'results.json'))).toBe(false);
  });

  it('does not modify the results it was given', async () => {
    const results = makeResults();
    await jsonReporter({ outDir: dir }).onRunEnd(results);
    expect(results.target.users.bob.token).toBe(LEAKED_JWT);
  });
});
