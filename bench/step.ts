// One benchmark step: a fresh server process, rooms provisioned on it, the lean generator processes
// connected, one open-loop sending window, and the figures of that window (deliveries, fan-out
// percentiles, loss, server and generator CPU). Also the idle-memory probe. Loopback only.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadProfile } from '../core/profiles.ts';
import type { TargetFile } from '../core/target.ts';
import { provisionerFor } from '../load/provision.ts';
import { totalCpuSeconds } from './cpu.ts';
import { histogramPercentile, type GeneratorJob, type GeneratorStats } from './generator.ts';
import type { ServerSpec } from './server-process.ts';

export const ROOM = 5;
export const RATE = 5;
export const P99_MS = 100;

const SERVER_ENTRY = fileURLToPath(new URL('./server-process.ts', import.meta.url));
const GENERATOR_ENTRY = fileURLToPath(new URL('./generator.ts', import.meta.url));
const EXEC_ARGV = process.execArgv.includes('tsx') ? process.execArgv : [...process.execArgv, '--import', 'tsx'];

export interface StepResult {
  server: string;
  connections: number;
  pass: boolean;
  reason: string;
  opened: number;
  sent: number;
  deliveries: number;
  expected: number;
  loss: number;
  refusals: number;
  deliveriesPerSecond: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** % of one core during the sending window */
  serverCpu: number;
  generatorCpu: number;
  /** server CPU microseconds per delivery during the sending window */
  cpuUsPerDelivery: number | null;
  generatorLagP99Ms: number;
}

interface Up {
  baseUrl: string;
  wsUrl: string;
  target?: TargetFile;
  pids: number[];
}

/** Waits for the first IPC message of `type`, bounded. */
function receive<T>(child: ChildProcess, type: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no '${type}' from child ${child.pid} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (msg: { type: string }) => {
      if (msg.type !== type) return;
      cleanup();
      resolve(msg as T);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`child ${child.pid} exited (${code}) before '${type}'`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export class ServerProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly up: Up,
  ) {}

  static async start(spec: ServerSpec): Promise<ServerProcess> {
    const child = fork(SERVER_ENTRY, [], { execArgv: [...EXEC_ARGV, '--expose-gc'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.send({ type: 'spec', spec });
    try {
      const up = await receive<Up>(child, 'up', 60_000);
      return new ServerProcess(child, up);
    } catch (err) {
      child.kill('SIGKILL');
      throw err;
    }
  }

  async memory(): Promise<{ rss: number; heapUsed: number; external: number }> {
    this.child.send({ type: 'memory' });
    return receive(this.child, 'memory', 30_000);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 8000);
    await exited;
    clearTimeout(timer);
  }
}

/** Socket URLs per room: REST-provisioned conversations on the reference server, numbered rooms on the ceiling. */
async function roomsFor(server: ServerProcess, kind: ServerSpec['kind'], connections: number): Promise<string[][]> {
  const rooms = connections / ROOM;
  if (kind === 'ceiling') {
    return Array.from({ length: rooms }, (_, r) => Array.from({ length: ROOM }, () => `${server.up.wsUrl}/ws/chat/${r + 1}/`));
  }
  const profile = loadProfile('medmapp');
  const target = { ...server.up.target!, wsUrl: server.up.wsUrl };
  const p = await (await provisionerFor('medmapp')).provision({ profile, target, rooms, members: ROOM });
  return p.rooms.map((r) => r.members.map((m) => m.url));
}

class Generators {
  constructor(readonly children: ChildProcess[]) {}

  static async connect(rooms: string[][], count: number, o: { durationMs: number; warmupMs: number; drainMs: number }): Promise<{ gens: Generators; opened: number; failed: number }> {
    const n = Math.max(1, Math.min(count, rooms.length));
    const per = Math.ceil(rooms.length / n);
    const total = rooms.length * ROOM;
    const children: ChildProcess[] = [];
    const connected: Promise<{ opened: number; failed: number }>[] = [];
    for (let i = 0; i < n; i++) {
      const mine = rooms.slice(i * per, (i + 1) * per);
      if (!mine.length) continue;
      const child = fork(GENERATOR_ENTRY, [], { execArgv: EXEC_ARGV, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      const job: GeneratorJob = {
        rooms: mine, rate: RATE, durationMs: o.durationMs, warmupMs: o.warmupMs, drainMs: o.drainMs, base: i * per * ROOM, totalMembers: total,
        refusal: 'RATE_LIMIT_EXCEEDED', connectConcurrency: 64,
      };
      children.push(child);
      connected.push(receive(child, 'connected', 120_000));
      child.send({ type: 'connect', job });
    }
    const gens = new Generators(children);
    try {
      const counts = await Promise.all(connected);
      return { gens, opened: counts.reduce((a, c) => a + c.opened, 0), failed: counts.reduce((a, c) => a + c.failed, 0) };
    } catch (err) {
      gens.stop();
      throw err;
    }
  }

  pids(): number[] {
    return this.children.map((c) => c.pid!).filter(Boolean);
  }

  async run(startAt: number, timeoutMs: number): Promise<GeneratorStats[]> {
    const done = this.children.map((c) => receive<{ stats: GeneratorStats }>(c, 'done', timeoutMs));
    for (const c of this.children) c.send({ type: 'start', startAt });
    return (await Promise.all(done)).map((d) => d.stats);
  }

  stop(): void {
    for (const c of this.children) {
      if (c.exitCode === null) {
        c.send({ type: 'stop' }, () => undefined);
        setTimeout(() => c.exitCode === null && c.kill('SIGKILL'), 3000).unref();
      }
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runStep(spec: ServerSpec, connections: number, o: { durationMs: number; warmupMs: number; generators: number; extraPids?: number[] }): Promise<StepResult> {
  const label = spec.kind === 'reference' && (spec.workers ?? 1) > 1 ? `reference x${spec.workers}` : spec.kind;
  const server = await ServerProcess.start(spec);
  let gens: Generators | undefined;
  try {
    const rooms = await roomsFor(server, spec.kind, connections);
    const drainMs = 2000;
    const c = await Generators.connect(rooms, o.generators, { durationMs: o.durationMs, warmupMs: o.warmupMs, drainMs });
    gens = c.gens;
    const serverPids = [...server.up.pids, ...(o.extraPids ?? [])];
    const startAt = Date.now() + 300;
    const running = gens.run(startAt, o.warmupMs + o.durationMs + drainMs + 30_000);
    await sleep(Math.max(0, startAt + o.warmupMs - Date.now()));
    const s0 = totalCpuSeconds(serverPids);
    const g0 = totalCpuSeconds(gens.pids());
    const t0 = performance.now();
    await sleep(o.durationMs);
    const wall = (performance.now() - t0) / 1000;
    const serverCpuS = totalCpuSeconds(serverPids) - s0;
    const generatorCpuS = totalCpuSeconds(gens.pids()) - g0;
    const stats = await running;
    return judge(label, connections, c.opened, stats, { wall, serverCpuS, generatorCpuS, durationS: o.durationMs / 1000 });
  } finally {
    gens?.stop();
    await server.stop();
  }
}

function judge(
  server: string,
  connections: number,
  opened: number,
  stats: GeneratorStats[],
  t: { wall: number; serverCpuS: number; generatorCpuS: number; durationS: number },
): StepResult {
  const sum = (f: (s: GeneratorStats) => number) => stats.reduce((a, s) => a + f(s), 0);
  const hist = new Map<number, number>();
  for (const s of stats) for (const [b, n] of s.histogram) hist.set(b, (hist.get(b) ?? 0) + n);
  const deliveries = sum((s) => s.deliveries);
  const expected = sum((s) => s.expected);
  const loss = Math.max(0, expected - deliveries);
  const refusals = sum((s) => s.refusals);
  const closes = sum((s) => s.unexpectedCloses);
  const measured = sum((s) => s.measured);
  const p99 = histogramPercentile(hist, measured, 99);
  const reasons: string[] = [];
  if (p99 === null || p99 >= P99_MS) reasons.push(`p99 ${p99} ms`);
  if (loss > 0) reasons.push(`loss ${loss}`);
  if (refusals > 0) reasons.push(`${refusals} refused`);
  if (opened < connections) reasons.push(`${connections - opened} sockets not open`);
  if (closes > 0) reasons.push(`${closes} closes`);
  return {
    server,
    connections,
    pass: reasons.length === 0,
    reason: reasons.join(', ') || 'ok',
    opened,
    sent: sum((s) => s.sent),
    deliveries,
    expected,
    loss,
    refusals,
    deliveriesPerSecond: Math.round(measured / t.durationS),
    p50: histogramPercentile(hist, measured, 50),
    p95: histogramPercentile(hist, measured, 95),
    p99,
    serverCpu: Math.round((t.serverCpuS / t.wall) * 100),
    generatorCpu: Math.round((t.generatorCpuS / t.wall) * 100),
    cpuUsPerDelivery: measured ? Math.round(((t.serverCpuS * 1e6) / measured) * 100) / 100 : null,
    generatorLagP99Ms: Math.max(...stats.map((s) => s.sendLagP99Ms)),
  };
}

/** Idle memory: KB of server RSS (and heap) per authenticated, idle socket, after two full GCs each side. */
export async function idleMemory(spec: ServerSpec, sockets: number, generators: number): Promise<{ server: string; sockets: number; opened: number; rssKbPerSocket: number; heapKbPerSocket: number }> {
  const server = await ServerProcess.start(spec);
  let gens: Generators | undefined;
  try {
    const rooms = await roomsFor(server, spec.kind, sockets);
    await sleep(300);
    const before = await server.memory();
    const c = await Generators.connect(rooms, generators, { durationMs: 1000, warmupMs: 0, drainMs: 0 });
    gens = c.gens;
    await sleep(1000);
    const after = await server.memory();
    const kb = (bytes: number) => Math.round((bytes / 1024 / Math.max(1, c.opened)) * 10) / 10;
    return { server: spec.kind, sockets, opened: c.opened, rssKbPerSocket: kb(after.rss - before.rss), heapKbPerSocket: kb(after.heapUsed + after.external - before.heapUsed - before.external) };
  } finally {
    gens?.stop();
    await server.stop();
  }
}
