// Real k6: load/over-limit.ts refuses what exceeds the limit and loses nothing silently.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCeilingServer, ceilingFixture } from '../../bench/ceiling-server.ts';
import { Redactor } from '../../core/redact.ts';
import { executeFixture } from '../../load/run.ts';
import { runLoad } from '../../index.ts';
import { requireK6 } from './k6-binary.ts';

describe('load/over-limit.ts with k6', () => {
  it('reference server at 8/s: excess refused with the documented frame, sent = delivered + refused, no close', async () => {
    requireK6();
    const outDir = join(mkdtempSync(join(tmpdir(), 'cc-load-')), 'over-limit');
    const result = await runLoad({ profile: 'medmapp', scenario: 'over-limit', rooms: 1, members: 4, duration: '4s', p99: 100, maxLoss: 0, outDir, dashboard: false });
    const s = result.summary!;
    expect(s, result.error).toBeTruthy();
    expect(s.rate).toBe(8);
    expect(s.limiterRefusals).toBeGreaterThan(0);
    expect(s.messagesSent).toBe(s.messagesDelivered + s.limiterRefusals);
    expect(s.silentDrops).toBe(0);
    expect(s.overAdmissions).toBe(0);
    expect(s.unexpectedCloses).toBe(0);
    expect(s.loss).toBe(0);
    expect(result.exitCode).toBe(0);
  }, 60_000);

  it('fails against a server without a limiter (the bench ceiling server)', async () => {
    const k6 = requireK6();
    const server = await startCeilingServer();
    try {
      const outDir = join(mkdtempSync(join(tmpdir(), 'cc-load-')), 'no-limiter');
      const fixture = ceilingFixture(server.wsUrl, { rooms: 1, members: 2, rate: 8, duration: '2s', scenario: 'over-limit' });
      const result = await executeFixture({ fixture, outDir, redactor: new Redactor(), k6, dashboard: false });
      expect(result.summary!.limiterRefusals).toBe(0);
      expect(result.summary!.thresholds).toContainEqual({ metric: 'limiter_refusals', expression: 'count>0', ok: false });
      expect(result.exitCode).toBe(1);
    } finally {
      await server.close();
    }
  }, 60_000);
});
