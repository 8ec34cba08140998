// A judge nobody here wrote: the whole suite of each dialect that has a reference server runs through
// Stoplight Prism's validating proxy (`prism proxy`), which checks every response against the OpenAPI
// export. REST goes through Prism (the target file's baseUrl), WebSocket straight to the server (wsUrl).
// Prism must report no response violation; and with a fault that changes a response's shape, it must
// report that violation. Together: the export is as tight as the checks, in both directions.
//
// Prism 5's proxy holds request bodies as text, so it distorts binary multipart uploads on the way
// (stoplightio/prism#1321, #2376); a check that fails through Prism is accepted only when it uploaded a
// file, and is named in the output. The dialects come from the manifest: one that gains a reference server
// is covered here without a change.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { idsWith } from '../../dialects.ts';
import { loadProfile } from '../../core/profiles.ts';
import { FAULTS, VARIANTS, startServer, type FaultSpec, type RunningServer } from '../../reference-server/index.ts';
import { templatePattern } from '../../reference-server/routes.ts';
import { exportSpec } from '../../spec/index.ts';
import { restOperations } from '../../spec/operations.ts';
import type { RunResults } from '../../generated/types/meta/results.ts';
import { startPrism, type RunningPrism } from './prism.ts';

const SERVED = idsWith('server');
const summary: string[] = [];
const dirs: string[] = [];

/**
 * Reply faults that drop fields a response schema requires (others change values, which no schema sees:
 * `create-returns-wrong-id`). A fault that edits what login issues (`auth.issue`, e.g. login-no-refresh)
 * changes the token pair's shape by construction, so every dialect that has one is covered without a name.
 */
const REPLY_SHAPE_FAULTS = new Set(['conversation-list-no-unread-count', 'create-response-without-profiles']);

/** The dialect's faults that change the shape of a REST response. */
function shapeFaults(id: string): FaultSpec[] {
  const faults = (FAULTS as Record<string, readonly FaultSpec[]>)[id] ?? [];
  return faults.filter((f) => (f.seam === 'reply' && REPLY_SHAPE_FAULTS.has(f.name)) || f.auth?.issue);
}

interface Through {
  code: number;
  results: RunResults;
  prism: RunningPrism['log'];
}

/** `chatconform run --target-file F [--only CHECK]` with F's baseUrl pointing at Prism in front of the server. */
async function runThroughPrism(id: (typeof SERVED)[number], faults: string[], only?: string, variants: string[] = []): Promise<Through> {
  const dir = mkdtempSync(join(tmpdir(), 'chatconform-prism-'));
  dirs.push(dir);
  let server: RunningServer | undefined;
  let prism: RunningPrism | undefined;
  try {
    server = await startServer({ profile: id, logger: false, faults, variants });
    const document = join(dir, 'openapi.json');
    writeFileSync(document, JSON.stringify(exportSpec(id, 'openapi', { baseUrl: server.baseUrl })));
    prism = await startPrism(document, server.baseUrl);
    const target = join(dir, 'target.json');
    writeFileSync(target, JSON.stringify({ ...server.target, baseUrl: prism.url }));
    const code = await main(['node', 'chatconform', 'run', '--target-file', target, '--reporter', 'json', '--out', dir, '--timeout', '3000', ...(only ? ['--only', only] : [])]);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
    // Prism logs a response's violations after forwarding it: give the last line a moment to arrive.
    await new Promise((r) => setTimeout(r, 300));
    return { code, results, prism: prism.log };
  } finally {
    await prism?.stop();
    await server?.close();
  }
}

/** Checks that sent a request to a multipart operation: what Prism's proxy distorts. */
function uploadedAFile(id: string, check: RunResults['checks'][number]): boolean {
  const uploads = restOperations(loadProfile(id)).filter((o) => o.contentType === 'multipart/form-data').map((o) => ({ method: o.method, pattern: templatePattern(o.path) }));
  return (check.transcript ?? []).some((t) => {
    const m = t.channel === 'http' && t.dir === 'send' ? /^(\w+) (\S+)/.exec(t.summary) : null;
    return !!m && uploads.some((u) => u.method === m[1] && u.pattern.test(m[2]!.split('?')[0]!));
  });
}

describe.each(SERVED)('%s through Prism', (id) => {
  it('a full suite run: every request judged, no response violation', async () => {
    const run = await runThroughPrism(id, []);
    const notPassed = run.results.checks.filter((c) => c.status !== 'pass');
    const unexplained = notPassed.filter((c) => !uploadedAFile(id, c)).map((c) => `${c.id} ${c.status}: ${c.reason}`);
    summary.push(
      `${id.padEnd(10)} clean: ${run.results.checks.length} checks, exit ${run.code}; Prism saw ${run.prism.requests.length} requests, ` +
        `${run.prism.responseViolations.length} response violations (${run.prism.requestViolations.length} request violations: the suite's deliberate bad requests)` +
        (notPassed.length ? `; not passed through Prism (binary upload distorted by the proxy): ${notPassed.map((c) => c.id).join(', ')}` : ''),
    );
    expect(run.prism.requests.length).toBeGreaterThan(0);
    expect(run.prism.responseViolations).toEqual([]);
    expect(unexplained).toEqual([]);
  }, 240_000);

  // The other way round: what the checks accept, the export accepts. Every reading the document allows at
  // once (the variants of the reference server, as test/suites/variants.test.ts runs them all together).
  const variants = (VARIANTS[id] ?? []).map((v) => v.name);
  it.skipIf(variants.length === 0)(`with every variant on (${variants.length} other readings the document allows): no response violation`, async () => {
    const run = await runThroughPrism(id, [], undefined, variants);
    summary.push(`${id.padEnd(10)} variants: ${run.results.checks.length} checks, exit ${run.code}; Prism saw ${run.prism.requests.length} requests, ${run.prism.responseViolations.length} response violations`);
    expect(run.prism.requests.length).toBeGreaterThan(0);
    expect(run.prism.responseViolations).toEqual([]);
  }, 240_000);

  const faults = shapeFaults(id);
  if (faults.length === 0) summary.push(`${id.padEnd(10)} fault: none of its faults changes a REST response's shape (its REST is the login only; its promises live on the sockets)`);
  it.each(faults.map((f) => [f.name, f] as const))("a fault that changes a response's shape (%s): Prism reports it", async (_name, fault) => {
    const run = await runThroughPrism(id, [fault.name], fault.check);
    const check = run.results.checks.find((c) => c.id === fault.check);
    summary.push(`${id.padEnd(10)} fault ${fault.name} (${fault.check} ${check?.status}): Prism: ${[...new Set(run.prism.responseViolations)].join(' | ')}`);
    expect(check?.status).toBe('fail');
    expect(run.prism.responseViolations.length).toBeGreaterThan(0);
  }, 120_000);
});

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  console.log(`Prism proxy (@stoplight/prism-cli ${prismVersion()}) in front of the reference server\n${summary.join('\n')}`);
});

function prismVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(process.cwd(), 'node_modules/@stoplight/prism-cli/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}
