// The capacity benchmark's lean generator and step runner, one short step each against the bare ceiling
// and the reference server: exact accounting (every message reaches all 5 sockets of its room), latency
// percentiles, CPU of both sides read from /proc. Figures are the benchmark's business, not asserted here.
import { describe, expect, it } from 'vitest';
import { idleMemory, runStep } from '../../bench/step.ts';

describe('bench step (lean generator)', () => {
  it('ceiling, 50 connections, 1 s: 5 deliveries per message, nothing lost, CPU measured', async () => {
    const r = await runStep({ kind: 'ceiling' }, 50, { durationMs: 1000, warmupMs: 400, generators: 2 });
    expect(r.opened).toBe(50);
    expect(r.sent).toBe(50 * 7); // 2 warm-up + 5 measured sends each
    expect(r.expected).toBe(r.sent * 5);
    expect(r.deliveries).toBe(r.expected);
    expect(r.loss).toBe(0);
    expect(r.refusals).toBe(0);
    expect(r.deliveriesPerSecond).toBe(50 * 5 * 5);
    expect(r.p99).toBeTypeOf('number');
    expect(r.serverCpu).toBeGreaterThanOrEqual(0);
    expect(r.generatorCpu).toBeGreaterThanOrEqual(0);
  }, 60_000);

  it('reference server, 20 connections: provisioned conversations, authenticated sockets, no limiter refusal at 5/s', async () => {
    const r = await runStep({ kind: 'reference' }, 20, { durationMs: 1000, warmupMs: 400, generators: 1 });
    expect(r.opened).toBe(20);
    expect(r.refusals).toBe(0);
    expect(r.deliveries).toBe(r.sent * 5);
    expect(r.loss).toBe(0);
  }, 60_000);

  it('idle memory probe opens every authenticated socket and reports KB per socket', async () => {
    const m = await idleMemory({ kind: 'reference' }, 50, 1);
    expect(m.opened).toBe(50);
    expect(Number.isFinite(m.rssKbPerSocket)).toBe(true);
  }, 60_000);
});
