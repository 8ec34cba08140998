// A real redis-server for tests: on 127.0.0.1, a free port, no persistence. It is stopped by stop(), and
// killed when the test process exits however it exits, so no redis-server outlives a test run.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { RedisBus } from '../../reference-server/redis-bus.ts';

export interface TestRedis {
  url: string;
  port: number;
  /** A fresh namespace for one test: `chatconform:test:<label>:<uuid>`. */
  namespace(label?: string): string;
  /** A client; closed by stop(). */
  client(): Redis;
  /** A RedisBus on `namespace` (its own client); closed by stop(). */
  bus(namespace: string): RedisBus;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHook = false;

function killAllOnExit(): void {
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function startRedis(): Promise<TestRedis> {
  if (!hasRedisServer()) {
    throw new Error('these tests need redis-server: `apt-get install -y redis-server` (tools/setup-test-deps.sh does it; CI runs it first)');
  }
  killAllOnExit();
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(child);
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    void exited.then(() => live.delete(child));
    const ok = await waitForPing(port, exited);
    if (ok) return handle(child, port, exited);
    child.kill('SIGKILL');
    await exited;
    // Another process took the port between freePort() and the bind: try another one.
    if (attempt >= 3) throw new Error(`redis-server did not start on 127.0.0.1:${port}:\n${out.slice(-1000)}`);
  }
}

async function waitForPing(port: number, exited: Promise<void>): Promise<boolean> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 10_000;
  while (!gone && Date.now() < deadline) {
    const probe = new Redis({ host: '127.0.0.1', port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on('error', () => {});
    try {
      await probe.connect();
      if ((await probe.ping()) === 'PONG') return true;
    } catch {
      // not up yet
    } finally {
      probe.disconnect();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

function handle(child: ChildProcess, port: number, exited: Promise<void>): TestRedis {
  const url = `redis://127.0.0.1:${port}`;
  const clients: Redis[] = [];
  const buses: RedisBus[] = [];
  const self: TestRedis = {
    url,
    port,
    namespace: (label = 'ns') => `chatconform:test:${label}:${randomUUID()}`,
    client() {
      const c = new Redis(url, { maxRetriesPerRequest: 1 });
      c.on('error', () => {});
      clients.push(c);
      return c;
    },
    bus(namespace) {
      const b = new RedisBus({ redis: self.client(), namespace });
      buses.push(b);
      return b;
    },
    async stop() {
      await Promise.all(buses.map((b) => b.close()));
      for (const c of clients) c.disconnect();
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
  return self;
}
