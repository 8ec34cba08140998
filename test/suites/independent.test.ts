// The suite against servers written blind (STYLE.md: a suite is judged by more than one implementation):
// each test/independent/<id>/server.ts was written by someone who read only document <id> and the target
// schema, never our reference server, suites or decisions. Without --strict the suite must pass it: a MUST
// failure here is either a wrong check or a server that breaks a sentence of the document, and that sentence
// decides which. The SHOULD and MAY findings are printed: they are where the blind server read a silence
// differently from schemas/DECISIONS.md.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { idsWith } from '../../dialects.ts';
import { runTarget } from './prove.ts';

interface Independent {
  start(opts?: { port?: number }): Promise<{ baseUrl: string; target: Record<string, unknown>; close(): Promise<void> }>;
}

const root = new URL('../independent/', import.meta.url);
const written = idsWith('suite').filter((id) => existsSync(new URL(`${id}/server.ts`, root)));

describe.each(written)('%s: the suite against the server written blind from its document', (id) => {
  it('passes without --strict: exit 0, no MUST check fails, none errors', async () => {
    const mod = (await import(new URL(`${id}/server.ts`, root).href)) as Independent;
    const server = await mod.start({ port: 0 });
    try {
      const { code, results } = await runTarget(server.target, 3000);
      const findings = results.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id} [${c.level}] ${c.status}: ${c.reason}`);
      console.log(`independent ${id}: ${results.checks.length} checks, ${results.checks.filter((c) => c.status === 'pass').length} pass, exit ${code}${findings.length ? `\n  ${findings.join('\n  ')}` : ''}`);
      expect(results.checks.filter((c) => c.level === 'MUST' && c.status !== 'pass' && c.status !== 'skip').map((c) => `${c.id}: ${c.reason}`)).toEqual([]);
      expect(results.checks.filter((c) => c.status === 'error').map((c) => `${c.id}: ${c.reason}`)).toEqual([]);
      expect(code).toBe(0);
    } finally {
      await server.close();
    }
  }, 180_000);
});

it('every dialect with a suite has a server written blind', () => {
  expect(idsWith('suite').filter((id) => !written.includes(id))).toEqual([]);
});
