// Capacity benchmark: how many connections keep p99 fan-out latency under 100 ms with nothing lost, rooms
// of 5 with every member at 5 msg/s, for
//   (a) the reference server (medmapp: REST-provisioned conversations, JWT auth, storage, rate limit),
//   (b) the ceiling: a bare `ws` room broadcast (bench/ceiling-server.ts),
//   (c) the reference server with 2 workers through Redis.
// The load comes from the lean open-loop generator (bench/generator.ts, several processes), not k6: k6
// needs a core for ~600 sockets and would measure itself. Each step runs a fresh server process; server and
// generator CPU are read from /proc for the measured window, so every knee shows which side was busy.
// A search doubles the connection count until a step fails, then bisects to 10%; searches alternate
// a, b, a, b, ... `--reps` times and the table shows medians. Then idle memory per authenticated socket.
// Loopback only; bounded by --max-steps per search and --max-minutes overall.
//
//   npm run bench:capacity -- [--quick] [--reps 3] [--duration 4s] [--start 500] [--max 8000] [--max-minutes 13]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { durationToMs } from '../load/run.ts';
import { assertProcfs } from './cpu.ts';
import { renderCurvePng, type CurveSeries } from './curve.ts';
import { P99_MS, RATE, ROOM, idleMemory, runStep, type StepResult } from './step.ts';
import type { ServerSpec } from './server-process.ts';

export interface Search {
  server: string;
  rep: number;
  capacity: number;
  /** the search stopped before it converged (deadline or step cap) */
  bounded: boolean;
  steps: StepResult[];
}

export interface MemoryFigure {
  server: string;
  sockets: number;
  opened: number;
  rssKbPerSocket: number;
  heapKbPerSocket: number;
}

interface SearchOptions {
  start: number;
  max: number;
  maxSteps: number;
  durationMs: number;
  warmupMs: number;
  generators: number;
  deadline: number;
  extraPids?: number[];
}

const round = (x: number) => Math.max(ROOM, Math.round(x / ROOM) * ROOM);

async function search(name: string, spec: ServerSpec, rep: number, o: SearchOptions): Promise<Search> {
  const steps: StepResult[] = [];
  let lo = 0;
  let hi = Infinity;
  let n = o.start;
  let bounded = true;
  while (steps.length < o.maxSteps && Date.now() < o.deadline) {
    let step: StepResult;
    try {
      step = await runStep(spec, n, o);
    } catch (err) {
      step = { ...failedStep(name, n), reason: (err as Error).message.split('\n')[0] };
    }
    steps.push(step);
    process.stderr.write(
      `  ${name.padEnd(12)} #${rep} ${String(n).padStart(5)} conns  ${String(step.deliveriesPerSecond).padStart(6)} deliveries/s  ` +
        `p50/p95/p99 ${step.p50 ?? '-'}/${step.p95 ?? '-'}/${step.p99 ?? '-'} ms  loss ${step.loss}  ` +
        `cpu server ${step.serverCpu}% generator ${step.generatorCpu}%  ${step.cpuUsPerDelivery ?? '-'} µs/delivery  ${step.pass ? 'pass' : `FAIL (${step.reason})`}\n`,
    );
    if (step.pass) lo = n;
    else hi = n;
    let next: number;
    if (hi === Infinity) {
      if (lo >= o.max) {
        bounded = false;
        break;
      }
      next = Math.min(o.max, n * 2);
    } else {
      if (hi - lo <= Math.max(ROOM, Math.round(hi * 0.1))) {
        bounded = false;
        break;
      }
      next = lo === 0 ? round(hi / 2) : round((lo + hi) / 2);
      if (next <= lo || next >= hi) {
        bounded = false;
        break;
      }
    }
    n = next;
  }
  return { server: name, rep, capacity: lo, bounded, steps };
}

function failedStep(server: string, connections: number): StepResult {
  return {
    server, connections, pass: false, reason: '', opened: 0, sent: 0, deliveries: 0, expected: 0, loss: 0, refusals: 0, deliveriesPerSecond: 0,
    p50: null, p95: null, p99: null, serverCpu: 0, generatorCpu: 0, cpuUsPerDelivery: null, generatorLagP99Ms: 0,
  };
}

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const knee = (s: Search) => s.steps.find((st) => st.connections === s.capacity && st.pass);
const firstFail = (s: Search) => s.steps.filter((st) => !st.pass && st.connections > s.capacity).sort((a, b) => a.connections - b.connections)[0];

export function table(searches: Search[], memory: MemoryFigure[], reps: number): string {
  const names = [...new Set(searches.map((s) => s.server))];
  const lines: string[] = [];
  const runs = Array.from({ length: reps }, (_, i) => `run ${i + 1}`.padStart(7)).join('');
  lines.push(`  server        ${runs}   median   p99 at knee   deliveries/s   µs CPU/delivery   knee CPU server / generator`);
  const med: Record<string, { capacity: number | null; us: number | null }> = {};
  for (const name of names) {
    const mine = searches.filter((s) => s.server === name);
    const knees = mine.map(knee).filter((k): k is StepResult => Boolean(k));
    const capacity = median(mine.map((s) => s.capacity));
    const us = median(knees.map((k) => k.cpuUsPerDelivery).filter((x): x is number => x !== null));
    med[name] = { capacity, us };
    const cells = mine.map((s) => `${s.capacity}${s.bounded ? '*' : ''}`.padStart(7)).join('');
    const p99 = median(knees.map((k) => k.p99 ?? 0));
    const dps = median(knees.map((k) => k.deliveriesPerSecond));
    const cpu = `${median(knees.map((k) => k.serverCpu)) ?? '-'}% / ${median(knees.map((k) => k.generatorCpu)) ?? '-'}%`;
    lines.push(
      `  ${name.padEnd(12)}  ${cells.padEnd(runs.length)}  ${String(capacity ?? '-').padStart(7)}   ${`${p99 ?? '-'} ms`.padStart(11)}   ${String(dps ?? '-').padStart(12)}   ${String(us ?? '-').padStart(15)}   ${cpu}`,
    );
  }
  const ref = med.reference;
  const ceil = med.ceiling;
  if (ref && ceil) {
    const capRatio = ref.capacity !== null && ceil.capacity ? (ref.capacity / ceil.capacity).toFixed(2) : '-';
    const usRatio = ref.us !== null && ceil.us ? (ref.us / ceil.us).toFixed(2) : '-';
    lines.push(`  reference/ceiling: capacity ${capRatio}, CPU per delivery ${usRatio} (goal <= 1.25)`);
  }
  const x2 = names.find((n) => n.startsWith('reference x'));
  if (x2 && ref?.capacity) lines.push(`  ${x2} / one worker: capacity ${((med[x2].capacity ?? 0) / ref.capacity).toFixed(2)}`);
  lines.push('  knees (last passing step / first failing step of each search): CPU in % of one core, server vs generator');
  for (const s of searches) {
    const k = knee(s);
    const f = firstFail(s);
    const cell = (st: StepResult | undefined) =>
      st
        ? `${st.connections} conns: server ${st.serverCpu}% generator ${st.generatorCpu}% ${st.generatorCpu < st.serverCpu ? '(generator below)' : '(GENERATOR NOT BELOW)'}` +
          (Math.max(st.serverCpu, st.generatorCpu) < 70 ? ' [neither near a full core: the machine was busy]' : '')
        : '-';
    lines.push(`    ${s.server.padEnd(12)} #${s.rep}  pass ${cell(k)}  |  fail ${cell(f)}`);
  }
  if (memory.length) {
    lines.push('  idle memory per authenticated socket (server RSS growth after full GCs; heap+external in brackets)');
    for (const name of [...new Set(memory.map((m) => m.server))]) {
      const cells = memory.filter((m) => m.server === name).map((m) => `${m.rssKbPerSocket} KB (${m.heapKbPerSocket}) at ${m.sockets}${m.opened < m.sockets ? ` [${m.opened} opened]` : ''}`);
      lines.push(`    ${name.padEnd(12)} ${cells.join(', ')}`);
    }
  }
  if (searches.some((s) => s.bounded)) lines.push('  * the search was cut by --max-steps, --max or --max-minutes before it converged');
  return lines.join('\n');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** A private redis-server on a free loopback port, no persistence; its CPU counts as the server's. */
async function startRedis(): Promise<{ url: string; pid: number; stop(): void }> {
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await new Promise<void>((resolve, reject) => {
    child.once('error', (err) => reject(new Error(`redis-server: ${err.message} (install it: apt-get install redis-server)`)));
    setTimeout(resolve, 500);
  });
  return { url: `redis://127.0.0.1:${port}/0`, pid: child.pid!, stop: () => child.kill('SIGTERM') };
}

function curveSeries(searches: Search[]): CurveSeries[] {
  return [...new Set(searches.map((s) => s.server))].map((name) => {
    const byN = new Map<number, number[]>();
    for (const s of searches.filter((x) => x.server === name)) {
      for (const st of s.steps) if (st.p99 !== null) byN.set(st.connections, [...(byN.get(st.connections) ?? []), st.p99]);
    }
    const points = [...byN.entries()].sort((a, b) => a[0] - b[0]).map(([n, p]) => [n, median(p)!] as [number, number]);
    return { name, points };
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      reps: { type: 'string' },
      'max-minutes': { type: 'string', default: '13' },
      'max-steps': { type: 'string', default: '7' },
      duration: { type: 'string' },
      warmup: { type: 'string', default: '1s' },
      start: { type: 'string', default: '500' },
      max: { type: 'string', default: '8000' },
      generators: { type: 'string', default: '2' },
      workers: { type: 'boolean', default: true },
      memory: { type: 'boolean', default: true },
      'no-workers': { type: 'boolean', default: false },
      'no-memory': { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  assertProcfs();
  const quick = values.quick!;
  const reps = Math.max(1, Number(values.reps ?? (quick ? 1 : 3)));
  const started = Date.now();
  const deadline = started + Number(values['max-minutes']) * 60_000;
  const outDir = values.out ?? join(process.cwd(), '.chatconform', 'bench', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(outDir, { recursive: true });
  const o: SearchOptions = {
    start: round(Number(values.start)),
    max: round(Number(values.max)),
    maxSteps: Number(values['max-steps']),
    durationMs: durationToMs(values.duration ?? (quick ? '3s' : '4s')),
    warmupMs: durationToMs(values.warmup!),
    generators: Math.max(1, Number(values.generators)),
    deadline,
  };
  const load = (): string => {
    const [one, five] = loadavg();
    return `load average ${one.toFixed(2)} / ${five.toFixed(2)} (1 / 5 min)`;
  };
  const loadAtStart = load();
  process.stderr.write(
    `capacity: rooms of ${ROOM}, ${RATE} msg/s per member, ${o.warmupMs / 1000}s warm-up + ${o.durationMs / 1000}s measured per step, ` +
      `p99 < ${P99_MS} ms and no loss; ${o.generators} generator processes; ${reps} reps, at most ${values['max-minutes']} min; ${loadAtStart}\n`,
  );
  const searches: Search[] = [];
  for (let rep = 1; rep <= reps; rep++) {
    for (const kind of ['reference', 'ceiling'] as const) {
      if (Date.now() > deadline) break;
      searches.push(await search(kind, { kind }, rep, o));
    }
  }
  if (values.workers && !values['no-workers']) {
    let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
    try {
      redis = await startRedis();
      for (let rep = 1; rep <= reps && Date.now() < deadline; rep++) {
        searches.push(await search('reference x2', { kind: 'reference', workers: 2, redisUrl: redis.url }, rep, { ...o, extraPids: [redis.pid] }));
      }
    } catch (err) {
      process.stderr.write(`  reference x2: skipped (${(err as Error).message})\n`);
    } finally {
      redis?.stop();
    }
  }
  const memory: MemoryFigure[] = [];
  if (values.memory && !values['no-memory']) {
    for (const sockets of [1000, 5000]) {
      for (const kind of ['reference', 'ceiling'] as const) {
        try {
          const m = await idleMemory({ kind }, sockets, o.generators);
          memory.push(m);
          process.stderr.write(`  memory ${kind.padEnd(9)} ${sockets} idle sockets: ${m.rssKbPerSocket} KB RSS, ${m.heapKbPerSocket} KB heap+external per socket\n`);
        } catch (err) {
          process.stderr.write(`  memory ${kind} ${sockets}: failed (${(err as Error).message})\n`);
        }
      }
    }
  }
  const text = table(searches, memory, reps);
  const loadAtEnd = load();
  let curve = '';
  try {
    curve = await renderCurvePng(join(outDir, 'capacity-curve.png'), curveSeries(searches), { p99Ms: P99_MS, note: `${loadAtStart} at start, ${loadAtEnd} at end` });
  } catch (err) {
    process.stderr.write(`  curve image: not written (${(err as Error).message})\n`);
  }
  writeFileSync(
    join(outDir, 'capacity.json'),
    JSON.stringify({ rate: RATE, room: ROOM, p99Ms: P99_MS, durationMs: o.durationMs, warmupMs: o.warmupMs, generators: o.generators, loadAtStart, loadAtEnd, searches, memory }, null, 2) + '\n',
  );
  const rel = relative(process.cwd(), outDir);
  process.stdout.write(
    `\ncapacity (largest connection count with p99 fan-out < ${P99_MS} ms and nothing lost; medians of ${reps} searches; ${Math.round((Date.now() - started) / 1000)} s)\n` +
      `machine: ${loadAtStart} at start, ${loadAtEnd} at end (2 cores shared with other work: figures are noisy)\n` +
      `${text}\n  details: ${rel}/capacity.json${curve ? `\n  p99 vs connections: ${relative(process.cwd(), curve)}` : ''}\n`,
  );
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main();
}
