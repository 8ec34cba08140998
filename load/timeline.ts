// Node side: merges the per-VU, per-second tick lines of a k6 run (load/lib/ticks.ts) into one timeline:
// per second the sockets open, messages sent, deliveries, refusals, closes, loss by send second and the
// fan-out percentiles of that second. Feeds the progress lines while k6 runs and load-report.html after.

// The line format is the k6 side's (load/lib/ticks.ts); a type import, so nothing of k6 loads here.
import type { TickLine } from './lib/ticks.ts';

export type { TickLine };

export interface TimelinePoint {
  /** second since the sending start (negative: connecting) */
  second: number;
  open: number;
  sent: number;
  deliveries: number;
  refusals: number;
  unexpectedCloses: number;
  connectRefusals: number;
  loss: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

interface Bucket {
  open: number;
  sent: number;
  deliveries: number;
  refusals: number;
  closes: number;
  refused: number;
  loss: number;
  hist: Map<number, number>;
}

export function percentile(hist: Map<number, number>, p: number): number | null {
  let total = 0;
  for (const n of hist.values()) total += n;
  if (!total) return null;
  const rank = Math.ceil((p / 100) * total);
  let seen = 0;
  for (const ms of [...hist.keys()].sort((a, b) => a - b)) {
    seen += hist.get(ms)!;
    if (seen >= rank) return ms;
  }
  return null;
}

export class Timeline {
  private readonly buckets = new Map<number, Bucket>();
  totals = { sent: 0, deliveries: 0, refusals: 0 };
  /** sockets open per VU, latest report: summed for "connections open now" */
  private readonly latestOpen = new Map<string, number>();

  private bucket(second: number): Bucket {
    let b = this.buckets.get(second);
    if (!b) this.buckets.set(second, (b = { open: 0, sent: 0, deliveries: 0, refusals: 0, closes: 0, refused: 0, loss: 0, hist: new Map() }));
    return b;
  }

  /** One `CCTICK {json}` line (without the prefix); malformed lines are ignored. */
  addJson(json: string): void {
    let t: TickLine;
    try {
      t = JSON.parse(json) as TickLine;
    } catch {
      return;
    }
    if (typeof t.p !== 'number') return;
    this.add(t);
  }

  add(t: TickLine): void {
    const b = this.bucket(t.p);
    b.open += t.o;
    b.sent += t.s;
    b.deliveries += t.d;
    b.refusals += t.r;
    b.closes += t.c;
    b.refused += t.x;
    this.totals.sent += t.s;
    this.totals.deliveries += t.d;
    this.totals.refusals += t.r;
    for (const [ms, n] of Object.entries(t.h ?? {})) b.hist.set(Number(ms), (b.hist.get(Number(ms)) ?? 0) + n);
    for (const [second, n] of Object.entries(t.l ?? {})) this.bucket(Number(second)).loss += n;
    this.latestOpen.set(String(t.v ?? '?'), t.o);
  }

  openNow(): number {
    let n = 0;
    for (const o of this.latestOpen.values()) n += o;
    return n;
  }

  /** p99 over the seconds in [from, to]. */
  p99Between(from: number, to: number): number | null {
    const merged = new Map<number, number>();
    for (const [second, b] of this.buckets) {
      if (second < from || second > to) continue;
      for (const [ms, n] of b.hist) merged.set(ms, (merged.get(ms) ?? 0) + n);
    }
    return percentile(merged, 99);
  }

  latestSecond(): number | null {
    const keys = [...this.buckets.keys()];
    return keys.length ? Math.max(...keys) : null;
  }

  points(): TimelinePoint[] {
    return [...this.buckets.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([second, b]) => ({
        second,
        open: b.open,
        sent: b.sent,
        deliveries: b.deliveries,
        refusals: b.refusals,
        unexpectedCloses: b.closes,
        connectRefusals: b.refused,
        loss: b.loss,
        p50: percentile(b.hist, 50),
        p95: percentile(b.hist, 95),
        p99: percentile(b.hist, 99),
      }));
  }
}

/** `running (10.0s)  connections 40/40  sent 1600  delivered 6400  p99 4 ms (last 5 s)` */
export function progressLine(elapsedMs: number, timeline: Timeline, planned: number, windowS: number): string {
  const latest = timeline.latestSecond();
  const p99 = latest === null ? null : timeline.p99Between(latest - windowS + 1, latest);
  return (
    `running (${(elapsedMs / 1000).toFixed(1)}s)  connections ${timeline.openNow()}/${planned}  sent ${timeline.totals.sent}  ` +
    `delivered ${timeline.totals.deliveries}  refused ${timeline.totals.refusals}  p99 ${p99 === null ? '-' : `${p99} ms`} (last ${windowS} s)`
  );
}
