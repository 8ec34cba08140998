import { describe, expect, it } from 'vitest';
import { SlidingWindow } from '../../reference-server/rate-limit.ts';

describe('SlidingWindow', () => {
  const clock = () => {
    let t = 10_000;
    return { now: () => t, at: (ms: number) => (t = 10_000 + ms) };
  };

  it('accepts 5 in any 1000 ms, counting only accepted messages', () => {
    const c = clock();
    const w = new SlidingWindow({ limit: 5, windowMs: 1000, now: c.now });
    const at = (ms: number) => (c.at(ms), w.take());
    expect([0, 100, 200, 300, 400].map(at)).toEqual([true, true, true, true, true]);
    expect(at(500)).toBe(false);
    expect(at(999)).toBe(false);
    expect(at(1000)).toBe(true); // the one at 0 left the window
    expect(at(1050)).toBe(false);
    expect(at(1100)).toBe(true);
  });

  it('with a penalty, stays closed for the penalty after a refusal', () => {
    const c = clock();
    const w = new SlidingWindow({ limit: 1, windowMs: 1000, penaltyMs: 10_000, now: c.now });
    c.at(0);
    expect(w.take()).toBe(true);
    c.at(10);
    expect(w.take()).toBe(false);
    c.at(5000);
    expect(w.take()).toBe(false);
    c.at(10_011);
    expect(w.take()).toBe(true);
  });
});
