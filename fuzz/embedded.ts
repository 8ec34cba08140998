// The embedded reference server for fuzzing runs in a child process (`chatconform serve`): an input that
// crashes it must show up as "connection refused", not take the fuzzer down with it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTarget, type TargetFile } from '../core/target.ts';

const BIN = fileURLToPath(new URL('../bin/chatconform.js', import.meta.url));

export interface ChildServer {
  child: ChildProcess;
  target: TargetFile & { wsUrl: string };
  port: number;
  /** what the process printed (JSON log lines at LOG_LEVEL), for diagnosis */
  output(): string;
  exited(): boolean;
  stop(): Promise<void>;
}

export async function startChildServer(profile: string, opts: { faults?: string[]; logLevel?: string; startMs?: number } = {}): Promise<ChildServer> {
  const dir = await mkdtemp(join(tmpdir(), 'chatconform-fuzz-'));
  const file = join(dir, 'target.json');
  const args = ['serve', '--profile', profile, '--port', '0', '--target-out', file, ...(opts.faults ?? []).flatMap((f) => ['--fault', f])];
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, NO_COLOR: '1', LOG_LEVEL: opts.logLevel ?? 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-200_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + (opts.startMs ?? 30_000);
  while (!out.includes('Ctrl-C to stop')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
      throw new Error(`the embedded ${profile} server did not start: ${out.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const target = parseTarget(JSON.parse(await readFile(file, 'utf8')), 'embedded reference server');
  return {
    child,
    target,
    port: Number(new URL(target.baseUrl).port),
    output: () => out,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
        await exit;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
