// Per-second figures for the progress lines and load-report.html. Each VU sums its own second (sent,
// deliveries, refusals, closes, a latency histogram in whole ms) and prints it as one console line
// `CCTICK {json}` (k6 runs with --log-format raw); the harness merges the VUs by second (load/timeline.ts).
// One line per VU per second: for 300 rooms, 300 short lines a second instead of a sample per frame.
import { setTimeout } from 'k6/timers';

declare const console: { log(...args: unknown[]): void };

export const TICK_PREFIX = 'CCTICK ';

export interface TickLine {
  /** the VU (room) that reports */
  v: number;
  /** second since the sending start (negative while connecting) */
  p: number;
  /** sockets open at the end of that second */
  o: number;
  s: number;
  d: number;
  r: number;
  /** unexpected closes, connect refusals */
  c: number;
  x: number;
  /** latency histogram: whole ms -> count */
  h?: Record<string, number>;
  /** loss by send second, once at the end of a room: second -> missing deliveries */
  l?: Record<string, number>;
}

export class Ticker {
  open = 0;
  private sent = 0;
  private deliveries = 0;
  private refusals = 0;
  private closes = 0;
  private refused = 0;
  private hist: Record<string, number> = {};
  private period: number;
  private stopped = false;

  constructor(
    private readonly epoch: number,
    private readonly vu: number,
  ) {
    this.period = this.at(Date.now());
    this.schedule();
  }

  at(ms: number): number {
    return Math.floor((ms - this.epoch) / 1000);
  }

  sentOne(): void {
    this.sent++;
  }

  delivered(latencyMs: number): void {
    this.deliveries++;
    const b = latencyMs < 0 ? 0 : latencyMs | 0;
    this.hist[b] = (this.hist[b] ?? 0) + 1;
  }

  refusal(): void {
    this.refusals++;
  }

  unexpectedClose(): void {
    this.closes++;
  }

  connectRefused(): void {
    this.refused++;
  }

  private flush(extra?: Partial<TickLine>): void {
    const line: TickLine = { v: this.vu, p: this.period, o: this.open, s: this.sent, d: this.deliveries, r: this.refusals, c: this.closes, x: this.refused, ...extra };
    if (this.deliveries) line.h = this.hist;
    console.log(TICK_PREFIX + JSON.stringify(line));
    this.sent = this.deliveries = this.refusals = this.closes = this.refused = 0;
    this.hist = {};
  }

  private schedule(): void {
    const next = this.epoch + (this.period + 1) * 1000;
    setTimeout(() => {
      if (this.stopped) return;
      this.onPeriodEnd?.(this.sent, this.deliveries);
      this.flush();
      this.period++;
      this.schedule();
    }, Math.max(0, next - Date.now()));
  }

  /** Called before each flush with that second's sends and deliveries (the VU adds them to k6 counters in bulk). */
  onPeriodEnd?: (sent: number, deliveries: number) => void;

  /** Last line of the VU: what is left of the current second, and loss by send second. */
  stop(loss?: Record<string, number>): void {
    if (this.stopped) return;
    this.stopped = true;
    this.onPeriodEnd?.(this.sent, this.deliveries);
    this.flush(loss && Object.keys(loss).length ? { l: loss } : {});
  }
}
