// A judge nobody here wrote: the whole suite of each dialect that has a reference server runs through
// Stoplight Prism's validating proxy (`prism proxy`), which checks every response against the OpenAPI
// export. REST goes through Prism (the target file's baseUrl), WebSocket straight to the server (wsUrl).
// Prism must report no response violation; and with a fault that changes a response's shape, it must
// report that violation. Together: the export is as tight as the checks, in both directions.
//
// Two defects of Prism 5's proxy are tolerated, each exactly, each named in the output:
// - it holds request bodies as text, so it distorts binary multipart uploads on the way
//   (stoplightio/prism#1321, #2376): a check that fails through Prism is accepted when it uploaded a file;
// - it answers a 204 that came with a JSON Content-Type with `Content-Length: 2` and no body (see
//   EMPTY_204 below, proven by its own test): a check is accepted when it errored on exactly that, on a
//   request the server answered 204.
// The dialects come from the manifest: one that gains a reference server is covered here without a change.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, createServer as createHttpServer } from 'node:http';
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
const REPLY_SHAPE_FAULTS = new Set(['conversation-list-no-unread-count', 'create-response-without-profiles', 'profile-without-id']);

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

/**
 * Prism 5.14's proxy and a 204: prism-http reads the forwarded body of a 204 as text, "" (utils/parseResponse.js,
 * since stoplightio/prism#2252 stopped parsing it as JSON), and prism-http-server writes it back through the
 * serializer of the upstream's Content-Type (serialize.js): JSON.stringify("") is `""`, two bytes, so the reply
 * says `Content-Length: 2`, and Node sends no body with a 204. RFC 9110 §8.6 allows no Content-Length on a 204
 * at all; undici (the harness's client) refuses the mismatch. A server that sends a 204 without a Content-Type
 * passes unharmed (serialize returns nothing). The reference servers send `Content-Type: application/json`
 * with every reply, and UzbekHub's deletes answer 204. The test below proves the defect on its own: when a
 * Prism release fixes it, that test fails, and EMPTY_204 goes.
 */
const EMPTY_204 = /^network: (\w+) (\S+): Response body length does not match content-length header$/;

/** A check that errored on Prism's Content-Length of a 204 the server answered (EMPTY_204), and on nothing else. */
function erroredOnProxied204(log: RunningPrism['log'], check: RunResults['checks'][number]): boolean {
  const m = check.status === 'error' ? EMPTY_204.exec(check.reason ?? '') : null;
  return !!m && log.upstream.some((u) => u.status === 204 && u.path === m[2]!.split('?')[0]);
}

describe('the Prism proxy defect the runs tolerate', () => {
  it('a 204 the server sends with a JSON Content-Type reaches the client as 204 with Content-Length: 2 and no body (EMPTY_204)', async () => {
    const upstream = createHttpServer((req, res) => {
      res.writeHead(204, req.url === '/typed' ? { 'Content-Type': 'application/json', 'Content-Length': 0 } : { 'Content-Length': 0 }).end();
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
    const dir = mkdtempSync(join(tmpdir(), 'chatconform-prism-'));
    dirs.push(dir);
    const document = join(dir, 'openapi.json');
    const op = { delete: { responses: { '204': { description: 'no content' } } } };
    writeFileSync(document, JSON.stringify({ openapi: '3.1.0', info: { title: '204', version: '1' }, paths: { '/typed': op, '/untyped': op } }));
    const prism = await startPrism(document, base);
    const through = (path: string) =>
      new Promise<{ status: number; length: string | undefined; bytes: number }>((resolve, reject) => {
        const req = httpRequest(`${prism.url}${path}`, { method: 'DELETE' }, (res) => {
          let bytes = 0;
          res.on('data', (c: Buffer) => (bytes += c.length));
          res.on('end', () => resolve({ status: res.statusCode!, length: res.headers['content-length'], bytes }));
        });
        req.on('error', reject);
        req.end();
      });
    try {
      const typed = await through('/typed');
      const untyped = await through('/untyped');
      summary.push(`Prism's 204: with a JSON Content-Type upstream, Content-Length ${typed.length} and ${typed.bytes} bytes; without one, Content-Length ${untyped.length ?? 'none'} and ${untyped.bytes} bytes`);
      expect(typed).toEqual({ status: 204, length: '2', bytes: 0 });
      expect(untyped.status).toBe(204);
      expect(untyped.length ?? '0').toBe('0');
      expect(prism.log.responseViolations).toEqual([]);
    } finally {
      await prism.stop();
      await new Promise((r) => upstream.close(r));
    }
  }, 90_000);
});

describe.each(SERVED)('%s through Prism', (id) => {
  it('a full suite run: every request judged, no response violation', async () => {
    const run = await runThroughPrism(id, []);
    const notPassed = run.results.checks.filter((c) => c.status !== 'pass');
    // The 204 first: its evidence is exact (the error and the server's 204), and a check that uploaded a file may end on a delete.
    const emptied = notPassed.filter((c) => erroredOnProxied204(run.prism, c));
    const uploads = notPassed.filter((c) => !emptied.includes(c) && uploadedAFile(id, c));
    const unexplained = notPassed.filter((c) => !emptied.includes(c) && !uploads.includes(c)).map((c) => `${c.id} ${c.status}: ${c.reason}`);
    summary.push(
      `${id.padEnd(10)} clean: ${run.results.checks.length} checks, exit ${run.code}; Prism saw ${run.prism.requests.length} requests, ` +
        `${run.prism.responseViolations.length} response violations (${run.prism.requestViolations.length} request violations: the suite's deliberate bad requests)` +
        (uploads.length ? `; not passed through Prism (binary upload distorted by the proxy): ${uploads.map((c) => c.id).join(', ')}` : '') +
        (emptied.length ? `; errored through Prism (a 204 given Content-Length: 2 by the proxy, EMPTY_204): ${emptied.map((c) => c.id).join(', ')}` : ''),
    );
    expect(run.prism.requests.length).toBeGreaterThan(0);
    expect(run.prism.responseViolations).toEqual([]);
    expect(unexplained).toEqual([]);
  }, 240_000);

  // The other way round: what the checks accept, the export accepts. Every reading the document allows at
  // once (the variants of the reference server, as test/suites/variants.test.ts runs them all together).
  // A variant that departs from the document itself (VariantSpec.departs: a real server's deviation, which
  // a target file's `endpoints` describe) is left out: the export is the document, and Prism reads no target.
  const departing = (VARIANTS[id] ?? []).filter((v) => v.departs).map((v) => v.name);
  const variants = (VARIANTS[id] ?? []).filter((v) => !v.departs).map((v) => v.name);
  it.skipIf(variants.length === 0)(`with every variant on (${variants.length} other readings the document allows): no response violation`, async () => {
    const run = await runThroughPrism(id, [], undefined, variants);
    summary.push(`${id.padEnd(10)} variants: ${run.results.checks.length} checks, exit ${run.code}; Prism saw ${run.prism.requests.length} requests, ${run.prism.responseViolations.length} response violations` +
      (departing.length ? ` (left out, departing from the document: ${departing.join(', ')})` : ''));
    expect(run.prism.requests.length).toBeGreaterThan(0);
    expect(run.prism.responseViolations).toEqual([]);
  }, 240_000);

  const faults = shapeFaults(id);
  if (faults.length === 0) summary.push(`${id.padEnd(10)} fault: none of its faults changes a REST response's shape (its REST is the login only: 001 documents none; its promises live on the sockets)`);
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
