// Real k6: load/connect-storm.ts ramps sockets up and reports connect-time percentiles.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLoad } from '../../index.ts';
import { requireK6 } from './k6-binary.ts';

describe('load/connect-storm.ts with k6', () => {
  it('opens 100 sockets over 2 s and holds them without refusal', async () => {
    requireK6();
    const outDir = join(mkdtempSync(join(tmpdir(), 'cc-load-')), 'storm');
    const result = await runLoad({
      profile: 'medmapp', scenario: 'connect-storm', rooms: 2, members: 2, connections: 100, duration: '2s', hold: '1s',
      p99: 100, maxLoss: 0, outDir, dashboard: false,
    });
    const s = result.summary!;
    expect(s, result.error).toBeTruthy();
    expect(s.connections).toBe(100);
    expect(s.connectRefusals).toBe(0);
    expect(s.unexpectedCloses).toBe(0);
    expect(s.connectTimeMs?.p95).toBeTypeOf('number');
    expect(result.exitCode).toBe(0);
  }, 60_000);
});
