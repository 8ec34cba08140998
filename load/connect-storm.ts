// Connect storm: open `storm.connections` sockets evenly over `storm.ramp`, keep them all open for
// `storm.hold`, then close them. Records connect time (percentiles), connect refusals (the server closed
// or failed the socket before it opened) and unexpected closes while holding. URLs come round-robin from
// every member of every room of the fixture file, so one user may hold several sockets.
//
//   CHATCONFORM_FIXTURES=fixture.json k6 run load/connect-storm.ts
import exec from 'k6/execution';
import { setTimeout } from 'k6/timers';
import { WebSocket } from 'k6/websockets';
import type { Options } from 'k6/options';
import { config as cfg, durationMs, room, warmupMs } from './lib/config.ts';
import { m, touchCounters } from './lib/metrics.ts';
import { TREND_STATS } from './lib/options.ts';
import { summaryFiles } from './lib/summary.ts';
import { Ticker } from './lib/ticks.ts';

const storm = cfg.storm ?? { connections: cfg.totalConnections, ramp: '10s', hold: '5s' };
const total = storm.connections;
const rampMs = durationMs(storm.ramp, 10_000);
const holdMs = durationMs(storm.hold, 5_000);
const vus = Math.max(1, Math.min(total, storm.vus ?? 20));

export const options: Options = {
  scenarios: {
    storm: {
      executor: 'per-vu-iterations',
      vus,
      iterations: 1,
      maxDuration: `${Math.ceil((warmupMs(cfg, 0) + rampMs + holdMs + 20_000) / 1000)}s`,
      gracefulStop: '5s',
    },
  },
  thresholds: {
    connections: [`count>=${total}`],
    connect_refusals: ['count<=0'],
    unexpected_closes: ['count<=0'],
    ...cfg.thresholds,
  },
  summaryTrendStats: TREND_STATS,
};

/** The i-th URL of the fixture, round-robin over every member of every room. */
function urlAt(i: number): { url: string; room: string; headers?: Record<string, string> } {
  const k = i % cfg.totalConnections;
  let r = 0;
  while (r + 1 < cfg.roomCount && cfg.roomOffsets[r + 1] <= k) r++;
  const target = room(r);
  const member = target.members[k - cfg.roomOffsets[r]];
  return { url: member.url, room: String(target.id), ...(member.headers ? { headers: member.headers } : {}) };
}

export function setup(): { startAt: number } {
  if (cfg.totalConnections === 0) throw new Error('connect-storm needs at least one member URL in the fixture');
  return { startAt: Date.now() + warmupMs(cfg, 0) };
}

export default async function (data: { startAt: number }): Promise<void> {
  touchCounters();
  const v = exec.vu.idInTest - 1;
  const endAt = data.startAt + rampMs + holdMs;
  const sockets: { ws: WebSocket; closing: boolean }[] = [];
  const opening: Promise<void>[] = [];
  const ticker = new Ticker(data.startAt, v);
  for (let i = v; i < total; i += vus) {
    const at = data.startAt + (i * rampMs) / total;
    opening.push(
      new Promise<void>((resolve) => {
        setTimeout(() => {
          const { url, room: roomId, headers } = urlAt(i);
          const tags = { room: roomId };
          const t0 = Date.now();
          const entry = { ws: new WebSocket(url, null, { tags, ...(headers ? { headers } : {}) }), closing: false };
          let opened = false;
          let settled = false;
          const settle = () => {
            if (!settled) {
              settled = true;
              resolve();
            }
          };
          entry.ws.onopen = () => {
            opened = true;
            ticker.open++;
            m.connectTime.add(Date.now() - t0, tags);
            m.connections.add(1, tags);
            settle();
          };
          entry.ws.onerror = () => {
            if (!opened && !settled) {
              entry.closing = true;
              m.connectRefusals.add(1, { ...tags, code: 'error' });
              ticker.connectRefused();
              settle();
            }
          };
          entry.ws.addEventListener('close', (event) => {
            if (entry.closing) return settle();
            const code = String((event as unknown as { code?: number }).code ?? 0);
            if (opened) {
              m.unexpectedCloses.add(1, { ...tags, code });
              ticker.unexpectedClose();
              ticker.open--;
            } else {
              m.connectRefusals.add(1, { ...tags, code });
              ticker.connectRefused();
            }
            entry.closing = true;
            settle();
          });
          entry.ws.onmessage = () => undefined;
          sockets.push(entry);
        }, Math.max(0, at - Date.now()));
      }),
    );
  }
  await Promise.all(opening);
  await new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, endAt - Date.now())));
  for (const entry of sockets) {
    if (!entry.closing) {
      entry.closing = true;
      entry.ws.close();
    }
  }
  ticker.open = 0;
  ticker.stop();
  await new Promise<void>((resolve) => setTimeout(resolve, 200));
}

export function handleSummary(data: unknown): Record<string, string> {
  return summaryFiles(data);
}
