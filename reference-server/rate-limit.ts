// Per-connection sliding window (D-medmapp-06) without timers: a ring of the last `limit` accepted
// timestamps. A message is accepted when fewer than `limit` accepted messages lie in the last `windowMs`,
// i.e. when the oldest of the last `limit` is at least `windowMs` old. Refusals are not recorded.
import { performance } from 'node:perf_hooks';

export interface RateLimiterOptions {
  limit: number;
  windowMs: number;
  /** After a refusal, refuse everything until this long has passed (the `rate-limit-never-resets` fault). */
  penaltyMs?: number;
  now?: () => number;
}

export class SlidingWindow {
  private readonly ring: Float64Array;
  private next = 0;
  private blockedUntil = 0;
  private readonly now: () => number;

  constructor(private readonly opts: RateLimiterOptions) {
    this.ring = new Float64Array(Math.max(1, opts.limit)).fill(Number.NEGATIVE_INFINITY);
    this.now = opts.now ?? (() => performance.now());
  }

  /** Records and returns true when the message is accepted; false when it must be refused. */
  take(): boolean {
    const t = this.now();
    if (t < this.blockedUntil) return false;
    if (t - this.ring[this.next]! < this.opts.windowMs) {
      if (this.opts.penaltyMs) this.blockedUntil = t + this.opts.penaltyMs;
      return false;
    }
    this.ring[this.next] = t;
    this.next = (this.next + 1) % this.ring.length;
    return true;
  }
}
