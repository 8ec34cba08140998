// The parts of --image that need no engine: readiness rules, retargeting, log redaction, the TCP answer
// probe (a real listener versus a port that accepts and hangs up, as docker-proxy does), and usage errors.
import { createServer, type Server } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { Redactor } from '../../core/redact.ts';
import { ContainerLog, answers, parseReadyRule, pointAt } from '../../harness/container.ts';
import { startupBudget } from '../../cli/image.ts';

function listen(onConnection: (s: import('node:net').Socket) => void): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer(onConnection);
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

describe('readiness rules', () => {
  it('reads http:/PATH and log:REGEX, and says what it accepts otherwise', () => {
    expect(parseReadyRule('http:/api/health')).toEqual({ kind: 'http', path: '/api/health' });
    const log = parseReadyRule('log:"event":"listening"');
    expect(log.kind === 'log' && log.pattern.test('{"event":"listening"}')).toBe(true);
    expect(() => parseReadyRule('tcp')).toThrow(/http:\/PATH .* or log:REGEX/);
    expect(() => parseReadyRule('log:(')).toThrow(/invalid regular expression/);
  });

  it('gives readiness ten network timeouts, at least 10 s, never more than the deadline', () => {
    expect(startupBudget(3000, 120_000)).toBe(30_000);
    expect(startupBudget(200, 120_000)).toBe(10_000);
    expect(startupBudget(3000, 5000)).toBe(5000);
  });
});

describe('pointAt', () => {
  it("replaces the origin of baseUrl and wsUrl with the container's, keeping paths", () => {
    const t = pointAt({ profile: 'medmapp', baseUrl: 'http://backend:8000/prefix/', wsUrl: 'ws://backend:8000/socket', users: {} }, 'http://127.0.0.1:32768');
    expect(t.baseUrl).toBe('http://127.0.0.1:32768/prefix');
    expect(t.wsUrl).toBe('ws://127.0.0.1:32768/socket');
    expect(pointAt({ profile: 'medmapp', baseUrl: 'http://127.0.0.1:8000', users: {} }, 'http://127.0.0.1:40000')).toEqual({ profile: 'medmapp', baseUrl: 'http://127.0.0.1:40000', users: {} });
  });
});

describe('ContainerLog', () => {
  it('splits chunks into lines and redacts known secrets, tokens and free-text passwords when read', () => {
    const log = new ContainerLog(new Redactor().add('s3cret-value'));
    log.push('first line\n  patient  phone +998901234567  password patient-pass  (id 10)\nDB_PASSWORD=s3cret-value\nBearer eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyIjoxfQ.sig and half a li');
    log.push('ne\n');
    const lines = log.transcript().map((e) => e.summary);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('first line');
    expect(lines[1]).toContain('password [redacted]');
    expect(lines[1]).toContain('+998901234567');
    expect(lines.join('\n')).not.toMatch(/patient-pass|s3cret-value|eyJ/);
    expect(lines[3]).toMatch(/and half a line$/);
    expect(log.tail(2)).toEqual([lines[2], lines[3]]);
  });
});

describe('answers (readiness without a shell in the image)', () => {
  const servers: Server[] = [];
  afterEach(() => servers.splice(0).forEach((s) => s.close()));

  it('is true for a server that keeps the connection open or greets, false for one that hangs up at once', async () => {
    const quiet = await listen(() => {});
    const greeter = await listen((s) => s.end('220 hello\r\n'));
    const hangup = await listen((s) => s.destroy());
    servers.push(quiet.server, greeter.server, hangup.server);
    expect(await answers('127.0.0.1', quiet.port)).toBe(true);
    expect(await answers('127.0.0.1', greeter.port)).toBe(true);
    expect(await answers('127.0.0.1', hangup.port)).toBe(false);
    const closed = hangup.port;
    await new Promise<void>((r) => hangup.server.close(() => r()));
    servers.pop();
    expect(await answers('127.0.0.1', closed)).toBe(false);
  });
});

describe('--image usage errors (exit 2, before any engine is asked)', () => {
  let stderr = '';
  beforeEach(() => {
    stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
  });
  afterEach(() => vi.restoreAllMocks());
  const run = (...args: string[]) => main(['node', 'chatconform', 'run', '--reporter', 'json', '--out', '.chatconform/test-image-usage', ...args]);

  it('names the flag and what it takes', async () => {
    expect(await run('--image-env', 'A=1')).toBe(2);
    expect(stderr).toMatch(/--image-env needs --image/);
    expect(await run('--image', 'x', '--image-env', 'novalue')).toBe(2);
    expect(stderr).toMatch(/--image-env takes NAME=VALUE/);
    expect(await run('--image', 'x', '--image-wait', 'soon')).toBe(2);
    expect(stderr).toMatch(/--image-wait takes http:\/PATH/);
    expect(await run('--image', 'x', '--image-port', '70000')).toBe(2);
    expect(await run('--image', 'x', '--fault', 'no-rate-limit')).toBe(2);
    expect(stderr).toMatch(/--image-env CHATCONFORM_FAULT=NAME/);
    expect(await run('--image', 'x', '--profile', 'medmapp', '--profile', 'carinfopro')).toBe(2);
    expect(await main(['node', 'chatconform', 'load', '--image', 'x', '--target-file', 'f.json', '--fault', 'no-rate-limit'])).toBe(2);
  });
});
