// Issue 15 item 2: a check makes an outside event happen with ctx.hook. Without a hook in the target file
// it is skipped with that reason; a hook that fails blocks every check needing it by one root cause,
// `hook:<event>`, and is not tried again; a working one runs for every check, in the check's transcript.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetFile } from '../../core/target.ts';
import type { Check } from '../../harness/check.ts';
import { defineSuite } from '../../harness/suite.ts';
import { runConformance } from '../../harness/runner.ts';
import { expectTrue } from '../../harness/verify.ts';

let server: Server;
let baseUrl = '';
const injected: unknown[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      if (req.url === '/inject') injected.push(JSON.parse(body));
      res.statusCode = req.url === '/inject' ? 201 : req.url === '/broken' ? 500 : 200;
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const check = (id: string): Check => ({
  id,
  level: 'MUST',
  doc: '001 §new_customer_message',
  title: 'a customer message arrives',
  requirement: 'the owning agent is told',
  tags: ['hook'],
  async run(ctx) {
    await ctx.hook('customerMessage', { conversation: 'conv_1', text: id });
    const mine = injected.filter((i) => JSON.stringify(i).includes(id)).length;
    expectTrue(ctx, mine === 1, { expected: ['one injection'], observed: `${mine}`, pass: 'injected', fail: 'not injected' });
  },
});
const suite = defineSuite({ profile: 'fiko', checks: [check('fiko-hook-01'), check('fiko-hook-02')] });
const target = (hooks?: TargetFile['hooks']): TargetFile => ({ profile: 'fiko', baseUrl, users: { agent: { token: 'eyJhbGciOiJIUzI1NiJ9.e30.x' } }, ...(hooks ? { hooks } : {}) });

describe('ctx.hook', () => {
  it('runs the target file\'s hook for each check that needs it', async () => {
    injected.length = 0;
    const run = await runConformance({ suite, target: target({ customerMessage: { http: { path: '/inject', body: { conversation: '{conversation}', text: '{text}' } } } }), timeoutMs: 3000 });
    expect(run.checks.map((c) => c.status)).toEqual(['pass', 'pass']);
    expect(injected).toHaveLength(2);
    expect(injected).toContainEqual({ conversation: 'conv_1', text: 'fiko-hook-01' });
    expect(run.checks[0]!.transcript.map((e) => e.summary)).toContain('hook customerMessage: POST /inject');
    expect(run.prerequisites).toContainEqual(expect.objectContaining({ id: 'hook:customerMessage', status: 'ok' }));
    expect(run.target.hooks).toEqual({ customerMessage: 'POST /inject' });
  });

  it('skips the checks with the reason when the target file has no hook', async () => {
    const run = await runConformance({ suite, target: target(), timeoutMs: 3000 });
    expect(run.checks.map((c) => c.status)).toEqual(['skip', 'skip']);
    expect(run.checks[0]!.reason).toBe('the target file has no hooks.customerMessage (a customer writes into a conversation on Telegram or Instagram (D-fiko-13)): add a command or an HTTP request that makes it happen (README, "Hooks")');
  });

  it('blocks the checks by one root cause when the hook fails, and never shows its headers', async () => {
    const run = await runConformance({ suite, target: target({ customerMessage: { http: { path: '/broken', headers: { 'x-hook-secret': 'very-secret-value' } } } }), timeoutMs: 3000, concurrency: 1 });
    expect(run.checks.map((c) => c.status)).toEqual(['blocked', 'blocked']);
    expect(run.checks[1]!.blockedBy).toEqual({ kind: 'prerequisite', id: 'hook:customerMessage', reason: 'run hooks.customerMessage: hooks.customerMessage (POST /broken) answered 500, not 2xx: {}' });
    // tried by the first check only: the second is blocked without trying again
    const tries = (c: { transcript: { summary: string }[] }) => c.transcript.filter((e) => e.summary === 'hook customerMessage: POST /broken').length;
    expect(run.prerequisites!.find((p) => p.id === 'hook:customerMessage')).toMatchObject({ status: 'failed' });
    expect(tries(run.prerequisites!.find((p) => p.id === 'hook:customerMessage')!)).toBe(1);
    expect(run.checks.map(tries)).toEqual([1, 0]);
    expect(JSON.stringify(run)).not.toContain('very-secret-value');
  });

  it('runs a command hook from the target file\'s folder', async () => {
    injected.length = 0;
    const run = await runConformance({ suite, target: target({ customerMessage: { command: `node -e "fetch(process.argv[1] + '/inject', {method: 'POST', body: JSON.stringify({c: process.argv[2], t: process.argv[3]})}).then((r) => process.exit(r.ok ? 0 : 1))" {baseUrl} {conversation} {text}` } }), timeoutMs: 3000, only: ['fiko-hook-01'] });
    expect(run.checks[0]!.status, run.checks[0]!.reason).toBe('pass');
    expect(injected).toEqual([{ c: 'conv_1', t: 'fiko-hook-01' }]);
  });
});
