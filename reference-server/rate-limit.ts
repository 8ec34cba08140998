// Per-connection token bucket without timers (D-medmapp-06): `limit` tokens, refilled continuously at
// `limit` per `windowMs`, computed from timestamps when a message arrives. A strict 1000 ms sliding window
// refuses a client that sends at exactly 5/s whenever timer or network jitter brings two sends closer than
// 200 ms; the bucket absorbs that jitter while holding the long-run rate and refusing any burst past 5.
// Refusals take no token.
import { performance } from 'node:perf_hooks';

export interface RateLimiterOptions {
  limit: number;
  windowMs: number;
  /** After a refusal, refuse everything until this long has passed (the `rate-limit-never-resets` fault). */
  penaltyMs?: number;
  now?: () => number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;
  private blockedUntil = Number.NEGATIVE_INFINITY;
  private readonly perMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: RateLimiterOptions) {
    this.now = opts.now ?? (() => performance.now());
    this.tokens = opts.limit;
    this.last = this.now();
    this.perMs = opts.limit / opts.windowMs;
  }

  /** Takes a token and returns true when the message is accepted; false when it must be refused. */
  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.opts.limit, this.tokens + (t - this.last) * this.perMs);
    this.last = t;
    if (t < this.blockedUntil) return false;
    if (this.tokens < 1) {
      if (this.opts.penaltyMs) this.blockedUntil = t + this.opts.penaltyMs;
      return false;
    }
    this.tokens -= 1;
    return true;
  }
}
