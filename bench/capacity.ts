// Capacity benchmark: how many connections keep p99 fan-out latency under 100 ms with nothing lost, with
// the same k6 script (load/broadcast.ts) at 5 msg/s per member in rooms of 5, for
//   (a) the reference server (embedded, REST-provisioned conversations, auth, storage, limiter) and
//   (b) the ceiling: a bare `ws` room broadcast (bench/ceiling-server.ts).
// Each search doubles the connection count until a step fails, then bisects; a fresh server per step.
// Searches alternate a, b, a, b, ... `--reps` times; the table shows every search and the medians, and
// the ratio a/b (goal >= 0.9). Loopback only; bounded by --max-steps per search and --max-minutes overall.
//
//   npm run bench:capacity -- [--reps 3] [--max-minutes 10] [--duration 5s] [--start 50] [--max 2000]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { loadProfile } from '../core/profiles.ts';
import { Redactor } from '../core/redact.ts';
import type { LoadFixture, LoadSummary } from '../load/fixture.ts';
import { findK6, type K6Binary } from '../load/k6.ts';
import { provisionerFor } from '../load/provision.ts';
import { executeFixture } from '../load/run.ts';
import { startServer } from '../reference-server/index.ts';
import { ceilingFixture, startCeilingServer } from './ceiling-server.ts';

const ROOM = 5;
const RATE = 5;
const P99_MS = 100;

export interface Step {
  connections: number;
  pass: boolean;
  p99: number | null;
  loss: number;
  refusals: number;
  reason: string;
  /** CPU use during the step, in % of one core: the server (this process) and k6 (the child) */
  serverCpu: number;
  k6Cpu: number;
}

export interface Search {
  server: 'reference' | 'ceiling';
  rep: number;
  capacity: number;
  /** the search stopped before it converged (deadline or step cap) */
  bounded: boolean;
  steps: Step[];
}

type Fixtured = { fixture: LoadFixture; close(): Promise<void>; redactor: Redactor };

async function referenceAt(connections: number, duration: string): Promise<Fixtured> {
  const server = await startServer({ profile: 'medmapp', port: 0, logger: false });
  try {
    const profile = loadProfile('medmapp');
    const target = { ...server.target, wsUrl: server.wsUrl };
    const p = await provisionerFor('medmapp').provision({ profile, target, rooms: connections / ROOM, members: ROOM });
    const redactor = new Redactor().add(...p.secrets);
    const fixture: LoadFixture = {
      profile: 'medmapp', scenario: 'broadcast', rooms: p.rooms, send: p.send, receive: p.receive, refusal: p.refusal,
      rate: RATE, limit: p.limit, duration, drain: '2s', thresholds: {},
    };
    return { fixture, redactor, close: () => server.close() };
  } catch (err) {
    await server.close();
    throw err;
  }
}

async function ceilingAt(connections: number, duration: string): Promise<Fixtured> {
  const server = await startCeilingServer();
  const fixture = { ...ceilingFixture(server.wsUrl, { rooms: connections / ROOM, members: ROOM, rate: RATE, duration }), drain: '2s' };
  return { fixture, redactor: new Redactor(), close: () => server.close() };
}

/** CPU seconds of reaped children (k6), from /proc/self/stat cutime + cstime; 0 where /proc is absent. */
function childCpuSeconds(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}

type Cpu = { serverCpu: number; k6Cpu: number };

function judge(connections: number, cpu: Cpu, s: LoadSummary | null, error?: string): Step {
  if (!s) return { connections, pass: false, p99: null, loss: 0, refusals: 0, reason: error?.split('\n')[0] ?? 'no summary', ...cpu };
  const p99 = s.fanoutLatencyMs?.p99 ?? null;
  const reasons: string[] = [];
  if (p99 === null || p99 >= P99_MS) reasons.push(`p99 ${p99} ms`);
  if (s.loss > 0) reasons.push(`loss ${s.loss}`);
  if (s.connections < connections) reasons.push(`${connections - s.connections} sockets not open`);
  if (s.unexpectedCloses > 0) reasons.push(`${s.unexpectedCloses} closes`);
  return { connections, pass: reasons.length === 0, p99, loss: s.loss, refusals: s.limiterRefusals, reason: reasons.join(', ') || 'ok', ...cpu };
}

async function search(
  server: Search['server'],
  rep: number,
  o: { start: number; max: number; maxSteps: number; duration: string; deadline: number; outDir: string; k6: K6Binary },
): Promise<Search> {
  const steps: Step[] = [];
  let lo = 0;
  let hi = Infinity;
  let n = o.start;
  let bounded = true;
  while (steps.length < o.maxSteps) {
    if (Date.now() > o.deadline) break;
    const setup = server === 'reference' ? await referenceAt(n, o.duration) : await ceilingAt(n, o.duration);
    let step: Step;
    try {
      const outDir = join(o.outDir, `${server}-${rep}-${n}`);
      const t0 = Date.now();
      const self0 = process.cpuUsage();
      const child0 = childCpuSeconds();
      const r = await executeFixture({ fixture: setup.fixture, outDir, redactor: setup.redactor, k6: o.k6, dashboard: false });
      const wall = (Date.now() - t0) / 1000;
      const self = process.cpuUsage(self0);
      const cpu = {
        serverCpu: Math.round(((self.user + self.system) / 1e6 / wall) * 100),
        k6Cpu: Math.round(((childCpuSeconds() - child0) / wall) * 100),
      };
      step = judge(n, cpu, r.summary, r.error);
    } finally {
      await setup.close();
    }
    steps.push(step);
    process.stderr.write(`  ${server} #${rep}: ${String(n).padStart(5)} connections  p99 ${step.p99 ?? '-'} ms  loss ${step.loss}  refusals ${step.refusals}  cpu server ${step.serverCpu}% k6 ${step.k6Cpu}%  ${step.pass ? 'pass' : `FAIL (${step.reason})`}\n`);
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
      next = Math.round((lo + hi) / 2 / ROOM) * ROOM;
      if (next <= lo || next >= hi) {
        bounded = false;
        break;
      }
    }
    n = next;
  }
  return { server, rep, capacity: lo, bounded, steps };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function table(searches: Search[]): string {
  const lines: string[] = [];
  const servers: Search['server'][] = ['reference', 'ceiling'];
  const reps = Math.max(...searches.map((s) => s.rep));
  lines.push(`  server      ${Array.from({ length: reps }, (_, i) => `run ${i + 1}`.padStart(8)).join('')}    median   p99 at median (ms)`);
  const medians: Record<string, number> = {};
  for (const server of servers) {
    const mine = searches.filter((s) => s.server === server);
    if (!mine.length) continue;
    medians[server] = median(mine.map((s) => s.capacity));
    const p99s = mine.map((s) => s.steps.find((st) => st.connections === s.capacity)?.p99).filter((x): x is number => typeof x === 'number');
    const cells = mine.map((s) => `${s.capacity}${s.bounded ? '*' : ''}`.padStart(8)).join('');
    lines.push(`  ${server.padEnd(10)}  ${cells}  ${String(medians[server]).padStart(8)}   ${p99s.length ? median(p99s) : '-'}`);
  }
  if (medians.reference !== undefined && medians.ceiling) {
    lines.push(`  ratio reference/ceiling: ${(medians.reference / medians.ceiling).toFixed(2)} (goal >= 0.90)`);
  }
  if (searches.some((s) => s.bounded)) lines.push('  * the search was cut by --max-steps or --max-minutes before it converged');
  return lines.join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      reps: { type: 'string', default: '3' },
      'max-minutes': { type: 'string', default: '10' },
      'max-steps': { type: 'string', default: '7' },
      duration: { type: 'string', default: '5s' },
      start: { type: 'string', default: '50' },
      max: { type: 'string', default: '2000' },
      out: { type: 'string' },
    },
  });
  const k6 = findK6();
  const reps = Math.max(1, Number(values.reps));
  const started = Date.now();
  const deadline = started + Number(values['max-minutes']) * 60_000;
  const outDir = values.out ?? join(process.cwd(), '.chatconform', 'bench', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(outDir, { recursive: true });
  const round = (x: number) => Math.max(ROOM, Math.round(x / ROOM) * ROOM);
  const o = { start: round(Number(values.start)), max: round(Number(values.max)), maxSteps: Number(values['max-steps']), duration: values.duration!, deadline, outDir, k6 };
  process.stderr.write(`capacity: rooms of ${ROOM}, ${RATE} msg/s per member, ${o.duration} per step, p99 < ${P99_MS} ms and no loss; k6 ${k6.version}; ${reps} reps, at most ${values['max-minutes']} min\n`);
  const searches: Search[] = [];
  for (let rep = 1; rep <= reps; rep++) {
    for (const server of ['reference', 'ceiling'] as const) {
      if (Date.now() > deadline) break;
      searches.push(await search(server, rep, o));
    }
  }
  const text = table(searches);
  writeFileSync(join(outDir, 'capacity.json'), JSON.stringify({ rate: RATE, room: ROOM, p99Ms: P99_MS, duration: o.duration, k6: k6.version, searches }, null, 2) + '\n');
  process.stdout.write(`\ncapacity (largest connection count with p99 fan-out < ${P99_MS} ms and no loss; medians of ${reps} runs, ${Math.round((Date.now() - started) / 1000)} s)\n${text}\n  details: ${relative(process.cwd(), outDir)}/capacity.json\n`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main();
}
