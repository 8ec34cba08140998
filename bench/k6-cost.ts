// What k6 (the tool users run) costs per received frame: load/broadcast.ts against the bare ceiling server
// (in this process, so k6's CPU is the only child CPU), rooms of 5 at 5 msg/s, and frames handled per
// k6 CPU-second. Also whether that k6 keeps p99 < 100 ms with nothing lost at this size.
//
//   node --import tsx bench/k6-cost.ts [--connections 1000] [--duration 10s] [--script other/broadcast.ts]
// (--script: another copy of the room script, e.g. an older commit's `git archive <rev> load`, to compare)
import { mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Redactor } from '../core/redact.ts';
import { LOAD_DIR, findK6, runK6 } from '../load/k6.ts';
import type { LoadSummary } from '../load/fixture.ts';
import { writeFixture } from '../load/run.ts';
import { ceilingFixture, startCeilingServer } from './ceiling-server.ts';

/** CPU seconds of reaped children (k6), from /proc/self/stat cutime + cstime. */
function childCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { connections: { type: 'string', default: '1000' }, duration: { type: 'string', default: '10s' }, script: { type: 'string' } },
  });
  const connections = Math.max(5, Math.round(Number(values.connections) / 5) * 5);
  const server = await startCeilingServer();
  try {
    const fixture = { ...ceilingFixture(server.wsUrl, { rooms: connections / 5, members: 5, rate: 5, duration: values.duration! }), drain: '2s' };
    const outDir = mkdtempSync(join(tmpdir(), 'cc-k6-cost-'));
    const cpu0 = childCpuSeconds();
    const t0 = Date.now();
    const r = await runK6({
      k6: findK6(), script: resolve(values.script ?? join(LOAD_DIR, 'broadcast.ts')), fixturePath: writeFixture(outDir, fixture), outDir,
      timeoutMs: 180_000, redactor: new Redactor(), dashboard: false,
    });
    const wall = (Date.now() - t0) / 1000;
    const cpu = childCpuSeconds() - cpu0;
    const s = JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8')) as LoadSummary;
    if (r.code === null) throw new Error('k6 was stopped');
    const frames = s.deliveries + s.limiterRefusals + s.otherFrames + s.duplicateDeliveries;
    process.stdout.write(
      `k6 cost: ${connections} connections, ${s.connections} open, ${frames} frames received, ${s.messagesSent} sent, loss ${s.loss}, ` +
        `p99 ${s.fanoutLatencyMs?.p99 ?? '-'} ms; k6 CPU ${cpu.toFixed(1)} s over ${wall.toFixed(1)} s wall (${Math.round((cpu / wall) * 100)}% of one core); ` +
        `${Math.round(frames / cpu)} frames per k6 CPU-second; load average ${loadavg()[0].toFixed(2)}\n`,
    );
  } finally {
    await server.close();
  }
}

await main();
