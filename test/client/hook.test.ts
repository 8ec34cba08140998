// Issue 15 item 2: the target file's hooks for outside events. A command gets each value as one shell word,
// ends at its timeout with whatever it started, and reports its failure; an HTTP hook fills its body with
// typed values and never shows its headers. (Target files naming hooks: test/core/target.test.ts.)
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HookError, fillBody, fillCommand, runHook, type Hook } from '../../client/hook.ts';
import { Transcript } from '../../client/transcript.ts';
import { Redactor } from '../../core/redact.ts';

const dir = mkdtempSync(join(tmpdir(), 'hook-'));
const run = (hook: Hook, values: Record<string, string | number>, transcript = new Transcript(new Redactor())) =>
  runHook('customerMessage', hook, values, { baseUrl: base, cwd: dir, timeoutMs: 10_000, transcript });

let server: Server;
let base = '';
const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.url!.startsWith('/outbox')) {
        const email = new URL(req.url!, 'http://x').searchParams.get('email');
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(email === 'nobody@x.test' ? { email } : { email, mail: { code: 48213 } }));
        return;
      }
      res.statusCode = req.url!.startsWith('/refuse') ? 409 : 204;
      res.end(req.url!.startsWith('/refuse') ? 'no such conversation' : undefined);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** Running, not a zombie waiting for a reaper that never comes (PID 1 in a container may be one). */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

describe('command hooks', () => {
  it('pass every value as one word, quotes and all, in the target file\'s folder', async () => {
    const text = `it's "$HOME" \`id\`; rm -rf / {conversation}`;
    await run({ command: 'printf "%s|%s" {conversation} {text} > out.txt' }, { conversation: 'conv 1', text });
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe(`conv 1|${text}`);
    expect(fillCommand('x {text} {unknown}', { text: 'a' })).toBe(`x 'a' {unknown}`);
  });

  it('fail with the exit code and the last line of output', async () => {
    const err = await run({ command: 'echo working; echo no conversation {conversation} >&2; exit 3' }, { conversation: 7 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HookError);
    expect((err as Error).message).toBe('hooks.customerMessage exited with 3: no conversation 7');
  });

  it('end at their timeout, and so does what they started', async () => {
    const pidFile = join(dir, 'sleeper.pid');
    const t0 = Date.now();
    const err = await run({ command: `sleep 60 & echo $! > ${pidFile}; wait`, timeoutMs: 300 }, {}).catch((e: unknown) => e);
    expect((err as Error).message).toBe('hooks.customerMessage did not finish within 300 ms (set hooks.customerMessage.timeoutMs to allow more)');
    expect(Date.now() - t0).toBeLessThan(30_000);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await new Promise((r) => setTimeout(r, 100));
    expect(alive(pid)).toBe(false);
  });

  it('succeed on exit 0 even when a process they left behind holds their output open', async () => {
    const pidFile = join(dir, 'daemon.pid');
    await run({ command: `sleep 60 & echo $! > ${pidFile}; exit 0`, timeoutMs: 20_000 }, {});
    process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
  });

  it('are in the transcript with their outcome', async () => {
    const transcript = new Transcript(new Redactor());
    await run({ command: 'echo injected {text}' }, { text: 'hi' }, transcript);
    const lines = transcript.finish().map((e) => `${e.summary} ${e.body ?? ''}`);
    expect(lines[0]).toBe("hook customerMessage: $ echo injected 'hi' ");
    expect(lines[1]).toMatch(/^hook customerMessage: exit 0 \(\d+ ms\) injected hi$/);
  });
});

describe('HTTP hooks', () => {
  it('send the body with typed values, the path URL-encoded and the headers as given, relative to baseUrl', async () => {
    seen.length = 0;
    await run({ http: { path: '/inject/{conversation}', headers: { 'x-hook-secret': 's3cret-value' }, body: { conversation: '{conversation}', text: 'says: {text}', n: 1 } } }, { conversation: 'a b/c', text: 'hi' });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/inject/a%20b%2Fc' });
    expect(seen[0]!.headers['x-hook-secret']).toBe('s3cret-value');
    expect(JSON.parse(seen[0]!.body)).toEqual({ conversation: 'a b/c', text: 'says: hi', n: 1 });
    expect(fillBody({ id: '{conversation}', list: ['{conversation}'] }, { conversation: 42 })).toEqual({ id: 42, list: [42] });
  });

  it('take an absolute URL and another method', async () => {
    seen.length = 0;
    await run({ http: { method: 'PUT', path: `${base}/abs?c={conversation}` } }, { conversation: 5 });
    expect(seen[0]).toMatchObject({ method: 'PUT', url: '/abs?c=5' });
  });

  it('fail on a status that is not 2xx, saying what the server answered', async () => {
    const err = await run({ http: { path: '/refuse' } }, {}).catch((e: unknown) => e);
    expect((err as Error).message).toBe('hooks.customerMessage (POST /refuse) answered 409, not 2xx: no such conversation');
  });

  it('fail when nothing answers, within the timeout', async () => {
    const err = await runHook('customerMessage', { http: { path: 'http://127.0.0.1:1/x' } }, {}, { baseUrl: base, cwd: dir, timeoutMs: 2000, transcript: new Transcript(new Redactor()) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HookError);
    expect((err as Error).message).toMatch(/^hooks\.customerMessage \(POST http:\/\/127\.0\.0\.1:1\/x\): .*connection refused/);
  });
});

// Issue 23 item 3: a hook can give back a value (an emailed code).
describe('hooks that give back a value', () => {
  it('a command gives its standard output, trimmed, and not its standard error', async () => {
    expect(await run({ command: 'echo "  12345  "; echo noise >&2' }, {})).toBe('12345');
  });

  it('an HTTP hook gives the field its value names, a dotted path, numbers as text', async () => {
    expect(await run({ http: { method: 'GET', path: '/outbox/?email={email}', value: 'mail.code' } }, { email: 'a+b@x.test' })).toBe('48213');
    expect(seen.at(-1)!.url).toBe('/outbox/?email=a%2Bb%40x.test');
  });

  it('an HTTP hook without a value gives the body; one whose field is missing fails, naming it', async () => {
    expect(await run({ http: { method: 'GET', path: '/outbox/?email=a@x.test' } }, {})).toBe('{"email":"a@x.test","mail":{"code":48213}}');
    await expect(run({ http: { method: 'GET', path: '/outbox/?email=nobody@x.test', value: 'mail.code' } }, {})).rejects.toThrow(/no string or number at "mail\.code"/);
  });
});
