import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../reference-server/rate-limit.ts';

const clock = () => {
  let t = 10_000;
  return { now: () => t, at: (ms: number) => (t = 10_000 + ms) };
};

describe('TokenBucket (5 per second, D-medmapp-06)', () => {
  it('accepts a burst of 5 and refuses the 6th and 7th', () => {
    const c = clock();
    const b = new TokenBucket({ limit: 5, windowMs: 1000, now: c.now });
    const at = (ms: number) => (c.at(ms), b.take());
    expect([0, 1, 2, 3, 4, 5, 6].map(at)).toEqual([true, true, true, true, true, false, false]);
  });

  it('refills at 5 per second: one more after 200 ms, all five after a second', () => {
    const c = clock();
    const b = new TokenBucket({ limit: 5, windowMs: 1000, now: c.now });
    const at = (ms: number) => (c.at(ms), b.take());
    for (let i = 0; i < 5; i++) at(0);
    expect(at(100)).toBe(false);
    expect(at(200)).toBe(true);
    expect(at(250)).toBe(false);
    expect([1300, 1300, 1300, 1300, 1300].map(at)).toEqual([true, true, true, true, true]);
    expect(at(1300)).toBe(false);
  });

  it('never refuses a sender at exactly 5/s whose sends jitter by up to 150 ms', () => {
    const c = clock();
    const b = new TokenBucket({ limit: 5, windowMs: 1000, now: c.now });
    let refused = 0;
    for (let i = 0; i < 500; i++) {
      const jitter = [0, 150, 0, 90, 10, 150, 150, 0][i % 8];
      c.at(i * 200 + jitter);
      if (!b.take()) refused++;
    }
    expect(refused).toBe(0);
  });

  it('holds a sender at 8/s to 5/s in the long run', () => {
    const c = clock();
    const b = new TokenBucket({ limit: 5, windowMs: 1000, now: c.now });
    let accepted = 0;
    for (let i = 0; i < 800; i++) {
      c.at(i * 125);
      if (b.take()) accepted++;
    }
    expect(accepted).toBeGreaterThanOrEqual(500);
    expect(accepted).toBeLessThanOrEqual(505); // 100 s at 5/s plus the initial burst
  });

  it('with a penalty, stays closed for the penalty after a refusal', () => {
    const c = clock();
    const b = new TokenBucket({ limit: 1, windowMs: 1000, penaltyMs: 10_000, now: c.now });
    c.at(0);
    expect(b.take()).toBe(true);
    c.at(10);
    expect(b.take()).toBe(false);
    c.at(5000);
    expect(b.take()).toBe(false);
    c.at(10_011);
    expect(b.take()).toBe(true);
  });
});
