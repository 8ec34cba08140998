import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoadFixture } from '../../load/fixture.ts';
import { defaultThresholds, durationToMs, formatTable, timestampDir, writeFixture, type LoadResult } from '../../load/run.ts';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoxfQ.c2lnbmF0dXJl';

const fixture: LoadFixture = {
  profile: 'medmapp',
  scenario: 'broadcast',
  rooms: [{ id: 7, members: [{ url: `ws://127.0.0.1:1/ws/chat/7/?token=${TOKEN}`, label: 'patient#7.0' }] }],
  send: { template: { message: '$PAYLOAD' } },
  receive: { path: 'data.content', typeField: 'type', typeValue: 'chat_message', echo: true },
  refusal: { path: 'code', value: 'RATE_LIMIT_EXCEEDED' },
  rate: 5,
  duration: '6s',
  thresholds: defaultThresholds('broadcast', 100, 0),
};

describe('fixture file', () => {
  it('is written as JSON the scripts read, readable by its owner only (it holds tokens)', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'cc-fx-')), 'run');
    const path = writeFixture(dir, fixture);
    expect(path).toBe(join(dir, 'fixture.json'));
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(fixture);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('turns --p99 and --max-loss into k6 thresholds', () => {
    expect(defaultThresholds('broadcast', 80, 2)).toEqual({
      fanout_latency: ['p(99)<80'],
      loss: ['count<=2'],
      limiter_refusals: ['count<=0'],
    });
    expect(defaultThresholds('over-limit', 100, 0)).toEqual({ loss: ['count<=0'] });
  });

  it('puts each run in its own timestamped folder under .chatconform/load', () => {
    expect(timestampDir('/r', new Date('2026-01-02T03:04:05.678Z'))).toBe('/r/.chatconform/load/2026-01-02T03-04-05-678Z');
  });

  it('reads k6 durations', () => {
    expect(durationToMs('1m30s')).toBe(90_000);
    expect(durationToMs('500ms')).toBe(500);
    expect(durationToMs('6')).toBe(6000);
    expect(() => durationToMs('soon')).toThrow(/not a duration/);
  });
});

describe('formatTable', () => {
  it('prints counts and percentiles, never a URL or token', () => {
    const result: LoadResult = {
      exitCode: 1,
      k6Code: 99,
      outDir: '/w/.chatconform/load/x',
      fixturePath: '/w/.chatconform/load/x/fixture.json',
      summary: {
        scenario: 'broadcast', profile: 'medmapp', rooms: 1, connectionsPlanned: 1, rate: 5, duration: '6s',
        connections: 1, connectRefusals: 0, messagesSent: 30, messagesDelivered: 29, deliveries: 29, deliveriesExpected: 30,
        loss: 1, limiterRefusals: 1, silentDrops: 0, overAdmissions: 0, unexpectedCloses: 0, duplicateDeliveries: 0,
        misroutedDeliveries: 0, otherFrames: 0, listeners: 0, listenerFrames: 0, listenerFramesExpected: 0,
        fanoutLatencyMs: { count: 29, avg: 1, p50: 1, p95: 2, p99: 3, max: 4 },
        connectTimeMs: { count: 1, avg: 5, p50: 5, p95: 5, p99: 5, max: 5 },
        thresholds: [{ metric: 'limiter_refusals', expression: 'count<=0', ok: false }],
        passed: false,
      },
    };
    const table = formatTable(result, '/w');
    expect(table).toMatch(/fan-out p50\/p95\/p99\s+1 \/ 2 \/ 3 ms/);
    expect(table).toMatch(/messages sent\s+30 = 29 delivered \+ 1 refused \+ 0 dropped silently/);
    expect(table).toMatch(/threshold FAILED\s+limiter_refusals count<=0/);
    expect(table).toMatch(/verdict\s+FAIL \(thresholds crossed\), k6 exit 99/);
    expect(table).toContain('.chatconform/load/x/');
    expect(table).not.toMatch(/eyJ|token=|ws:\/\//);
  });
});
