// Stoplight Prism's validating proxy (`prism proxy`) as a judge nobody here wrote: it sits in front of a
// server, forwards every request, and checks each request and response against an OpenAPI document,
// logging a `Violation:` line for each mismatch. This module starts it on a free loopback port, reads its
// log, and stops it (every wait bounded; the process is killed however the caller ends).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const PRISM = join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist', 'index.js');

export interface PrismLog {
  /** `post /api/token/`: each request Prism received, in order */
  requests: string[];
  /** `response.body ...` lines: what the server answered that the document does not allow */
  responseViolations: string[];
  /** `request ...` lines: what the client sent that the document does not allow (the suite sends such on purpose) */
  requestViolations: string[];
  /** what the server answered Prism, in order: `{path: '/api/chat/rooms/…/', status: 204}` */
  upstream: { path: string; status: number }[];
  /** every line, ANSI-free, for a failure message */
  lines: string[];
}

export interface RunningPrism {
  url: string;
  log: PrismLog;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const ANSI = /\u001b\[[0-9;]*m/g;

/** Starts `prism proxy DOCUMENT UPSTREAM` and resolves once it listens (or rejects after `readyMs`). */
export async function startPrism(document: string, upstream: string, readyMs = 60_000): Promise<RunningPrism> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [PRISM, 'proxy', document, upstream, '--port', String(port), '--host', '127.0.0.1', '--cors', 'false', '--errors', 'false'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  const log: PrismLog = { requests: [], responseViolations: [], requestViolations: [], upstream: [], lines: [] };
  let buffered = '';
  let ready: () => void = () => {};
  const listening = new Promise<void>((resolve) => (ready = resolve));
  const onData = (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    for (const raw of parts) {
      const line = raw.replace(ANSI, '').trimEnd();
      log.lines.push(line);
      if (/Prism is listening on/.test(line)) ready();
      const received = /\[HTTP SERVER\] (\w+) (\S+) .*Request received/.exec(line);
      if (received) log.requests.push(`${received[1]} ${received[2]}`);
      const answered = /The upstream call to (\S+) has returned (\d{3})/.exec(line);
      if (answered) log.upstream.push({ path: answered[1]!, status: Number(answered[2]) });
      const violation = /Violation: (.*)$/.exec(line);
      if (violation) (violation[1]!.startsWith('response') ? log.responseViolations : log.requestViolations).push(violation[1]!);
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let timer: NodeJS.Timeout | undefined;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  };
  try {
    await Promise.race([
      listening,
      exited.then(() => Promise.reject(new Error(`prism exited before listening:\n${log.lines.slice(-20).join('\n')}`))),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`prism did not listen within ${readyMs} ms:\n${log.lines.slice(-20).join('\n')}`)), readyMs))),
    ]);
  } catch (err) {
    await stop();
    throw err;
  } finally {
    clearTimeout(timer);
  }
  return { url: `http://127.0.0.1:${port}`, log, stop };
}
