import { describe, expect, it } from 'vitest';
import { Timeline, percentile, progressLine } from '../../load/timeline.ts';
import { plural, sortThresholds } from '../../load/report-html.ts';

describe('timeline of tick lines', () => {
  it('merges the VUs by second: sums, percentiles of the merged histogram, loss by send second, open sockets now', () => {
    const t = new Timeline();
    t.addJson(JSON.stringify({ v: 0, p: -1, o: 5, s: 0, d: 0, r: 0, c: 0, x: 0 }));
    t.addJson(JSON.stringify({ v: 1, p: -1, o: 4, s: 0, d: 0, r: 0, c: 0, x: 1 }));
    t.addJson(JSON.stringify({ v: 0, p: 0, o: 5, s: 25, d: 100, r: 0, c: 0, x: 0, h: { '1': 90, '7': 10 } }));
    t.addJson(JSON.stringify({ v: 1, p: 0, o: 4, s: 20, d: 60, r: 2, c: 1, x: 0, h: { '2': 59, '300': 1 } }));
    t.addJson(JSON.stringify({ v: 1, p: 1, o: 0, s: 0, d: 0, r: 0, c: 0, x: 0, l: { '0': 3 } }));
    t.addJson('not json');
    const points = t.points();
    expect(points.map((p) => p.second)).toEqual([-1, 0, 1]);
    expect(points[0]).toMatchObject({ open: 9, connectRefusals: 1 });
    expect(points[1]).toMatchObject({ open: 9, sent: 45, deliveries: 160, refusals: 2, unexpectedCloses: 1, loss: 3, p50: 1, p95: 7, p99: 7 });
    expect(points[2].p99).toBeNull();
    expect(t.totals).toEqual({ sent: 45, deliveries: 160, refusals: 2 });
    expect(t.openNow()).toBe(5); // VU 1 closed its sockets in its last line
    expect(progressLine(12_345, t, 10, 5)).toBe('running (12.3s)  connections 5/10  sent 45  delivered 160  refused 2  p99 7 ms (last 5 s)');
  });

  it('percentile by rank over whole-ms buckets', () => {
    const h = new Map([[1, 98], [50, 1], [400, 1]]);
    expect(percentile(h, 50)).toBe(1);
    expect(percentile(h, 99)).toBe(50);
    expect(percentile(h, 100)).toBe(400);
    expect(percentile(new Map(), 99)).toBeNull();
  });

  it('"1 room", "2 rooms"; thresholds in a stable order', () => {
    expect(plural(1, 'room')).toBe('1 room');
    expect(plural(2, 'room')).toBe('2 rooms');
    const sorted = sortThresholds([
      { metric: 'loss', expression: 'count<=0', ok: true },
      { metric: 'fanout_latency', expression: 'p(99)<100', ok: true },
      { metric: 'deliveries', expression: 'count>0', ok: true },
    ]);
    expect(sorted.map((t) => t.metric)).toEqual(['deliveries', 'fanout_latency', 'loss']);
  });
});
