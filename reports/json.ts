// JSON reporter: <outDir>/results.json, the machine-readable record (schemas/meta/results.schema.json).
// The results are validated first: an invalid document here is a bug in the runner, not in the target.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validate } from '../core/schemas.ts';
import type { Reporter, ReporterOptions, RunResults } from './reporter.ts';
import { redactResults } from './sanitize.ts';

export const RESULTS_FILE = 'results.json';

export function jsonReporter(opts: ReporterOptions): Reporter {
  return {
    name: 'json',
    async onRunEnd(raw: RunResults) {
      const results = redactResults(raw);
      const verdict = validate('meta/results', results);
      if (!verdict.ok) {
        throw new Error(`bug: run results do not match schemas/meta/results.schema.json:\n  ${verdict.errors.join('\n  ')}`);
      }
      await mkdir(opts.outDir, { recursive: true });
      const file = join(opts.outDir, RESULTS_FILE);
      await writeFile(file, `${JSON.stringify(results, null, 2)}\n`, 'utf8');
      return [file];
    },
  };
}
