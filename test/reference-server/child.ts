// The reference server in a child process (`chatconform serve`), for tests where a request might kill the
// process: in-process, a crash would take the test runner down instead of failing one test.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTarget, type TargetFile } from '../../core/target.ts';

const BIN = fileURLToPath(new URL('../../bin/chatconform.js', import.meta.url));

export interface ChildServer {
  child: ChildProcess;
  target: TargetFile & { wsUrl: string };
  port: number;
  output(): string;
  /** True while the process runs and its port accepts a TCP connection. */
  alive(): Promise<boolean>;
  stop(): Promise<void>;
}

export async function startChild(profile: string, args: string[] = []): Promise<ChildServer> {
  const dir = await mkdtemp(join(tmpdir(), 'child-server-'));
  const file = join(dir, 'target.json');
  const child = spawn(process.execPath, [BIN, 'serve', '--profile', profile, '--port', '0', '--target-out', file, ...args], {
    env: { ...process.env, NO_COLOR: '1', LOG_LEVEL: 'debug' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 30_000;
  while (!out.includes('Ctrl-C to stop')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`serve did not start: ${out.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const target = parseTarget(JSON.parse(await readFile(file, 'utf8')));
  const port = Number(new URL(target.baseUrl).port);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    target,
    port,
    output: () => out,
    alive: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(false);
        const s = connect(port, '127.0.0.1');
        s.setTimeout(3000, () => (s.destroy(), resolve(false)));
        s.once('connect', () => (s.destroy(), resolve(true)));
        s.once('error', () => resolve(false));
      }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Writes raw bytes to the port and resolves with everything the server sent back before closing (or after `ms`). */
export function rawExchange(port: number, bytes: string | Buffer, ms = 3000): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    let got = '';
    const done = () => {
      clearTimeout(timer);
      s.destroy();
      resolve(got);
    };
    const timer = setTimeout(done, ms);
    s.on('data', (d) => (got += d.toString('latin1')));
    s.once('connect', () => s.write(bytes));
    s.once('end', done);
    s.once('close', done);
    s.once('error', done);
  });
}
