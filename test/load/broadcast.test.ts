// Real k6 against the embedded reference server: load/broadcast.ts at the documented limit.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLoad } from '../../index.ts';
import { requireK6 } from './k6-binary.ts';

// p99 bound: loose for a smoke that shares 2 cores with other test files; bench/capacity.ts measures the knee.
const smoke = { profile: 'medmapp', scenario: 'broadcast' as const, rooms: 2, members: 4, rate: 5, duration: '6s', p99: 250, maxLoss: 0 };

describe('load/broadcast.ts with k6 against the reference server', () => {
  it('2 rooms x 4 members x 5/s for 6 s: nothing lost, no limiter false positive, latency percentiles', async () => {
    requireK6();
    const outDir = join(mkdtempSync(join(tmpdir(), 'cc-load-')), 'broadcast');
    const result = await runLoad({ ...smoke, outDir });
    const s = result.summary!;
    expect(s, result.error).toBeTruthy();
    expect(s.connections).toBe(8);
    expect(s.messagesSent).toBe(8 * 30);
    expect(s.limiterRefusals, 'limiter refused messages sent at (not over) the documented 5/s').toBe(0);
    // every socket of the conversation receives every message, its own too (D-medmapp-18)
    expect(s.deliveriesExpected).toBe(s.messagesSent * 4);
    expect(s.loss).toBe(0);
    expect(s.unexpectedCloses).toBe(0);
    for (const p of ['p50', 'p95', 'p99'] as const) expect(s.fanoutLatencyMs?.[p]).toBeTypeOf('number');
    expect(s.thresholds.map((t) => t.metric)).toEqual(expect.arrayContaining(['fanout_latency', 'loss', 'limiter_refusals']));
    expect(result.exitCode).toBe(0);
    expect(existsSync(join(outDir, 'dashboard.html'))).toBe(true);
    const printed = readFileSync(join(outDir, 'k6.log'), 'utf8') + readFileSync(join(outDir, 'summary.json'), 'utf8');
    expect(printed).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
  }, 60_000);

  it('fails on limiter false positives (reference server with the rate-limit-false-positive fault)', async () => {
    requireK6();
    const outDir = join(mkdtempSync(join(tmpdir(), 'cc-load-')), 'false-positive');
    // A 4/s bucket starts with 4 tokens and loses one a second to a 5/s sender: refusals begin after ~4 s.
    const result = await runLoad({ ...smoke, rooms: 1, members: 2, duration: '8s', outDir, dashboard: false, faults: ['rate-limit-false-positive'] });
    expect(result.summary!.limiterRefusals).toBeGreaterThan(0);
    expect(result.summary!.thresholds).toContainEqual({ metric: 'limiter_refusals', expression: 'count<=0', ok: false });
    expect(result.exitCode).toBe(1);
  }, 60_000);

  it('carinfopro: visitor and owner sockets of each room, nothing lost, no visitor token printed', async () => {
    requireK6();
    const outDir = join(mkdtempSync(join(tmpdir(), 'cc-load-')), 'carinfopro');
    const result = await runLoad({ ...smoke, profile: 'carinfopro', rooms: 2, members: 2, duration: '3s', outDir, dashboard: false });
    const s = result.summary!;
    expect(s, result.error).toBeTruthy();
    expect(s.connections).toBe(4);
    expect(s.messagesSent).toBe(4 * 15);
    expect(s.deliveriesExpected).toBe(s.messagesSent * 2);
    expect(s.loss).toBe(0);
    expect(result.exitCode).toBe(0);
    const fixture = JSON.parse(readFileSync(result.fixturePath, 'utf8')) as { rooms: { members: { url: string }[] }[] };
    const visitorToken = new URL(fixture.rooms[0]!.members[0]!.url).searchParams.get('visitor')!;
    expect(visitorToken).toMatch(/^[0-9a-f-]{36}$/);
    const printed = readFileSync(join(outDir, 'k6.log'), 'utf8') + readFileSync(join(outDir, 'summary.json'), 'utf8');
    expect(printed).not.toContain(visitorToken);
    expect(printed).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
  }, 60_000);

  it('fiko: the agent\'s chat sockets of each conversation, its list socket listening; nothing lost, every update heard', async () => {
    requireK6();
    const outDir = join(mkdtempSync(join(tmpdir(), 'cc-load-')), 'fiko');
    const result = await runLoad({ ...smoke, profile: 'fiko', rooms: 2, members: 3, duration: '3s', outDir, dashboard: false });
    const s = result.summary!;
    expect(s, result.error).toBeTruthy();
    expect(s.connections).toBe(6);
    expect(s.messagesSent).toBe(6 * 15);
    // chat_message goes to every chat socket of the conversation, the sender's too (D-fiko-07)
    expect(s.deliveriesExpected).toBe(s.messagesSent * 3);
    expect(s.loss).toBe(0);
    expect(s.limiterRefusals).toBe(0);
    // one list socket per room, told conversation_updated for each stored message (D-fiko-13)
    expect(s.listeners).toBe(2);
    expect(s.listenerFramesExpected).toBe(s.messagesDelivered * 1);
    expect(s.listenerFrames).toBe(s.listenerFramesExpected);
    expect(s.thresholds).toContainEqual({ metric: 'listener_frames', expression: 'count>0', ok: true });
    expect(result.exitCode).toBe(0);
    const printed = readFileSync(join(outDir, 'k6.log'), 'utf8') + readFileSync(join(outDir, 'summary.json'), 'utf8');
    expect(printed).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
  }, 60_000);

  it('fiko: a list socket that hears nothing fails the run (no-conversation-updated fault)', async () => {
    requireK6();
    const outDir = join(mkdtempSync(join(tmpdir(), 'cc-load-')), 'fiko-deaf');
    const result = await runLoad({ ...smoke, profile: 'fiko', rooms: 1, members: 2, duration: '2s', outDir, dashboard: false, faults: ['no-conversation-updated'] });
    expect(result.summary!.loss).toBe(0);
    expect(result.summary!.listenerFrames).toBe(0);
    expect(result.summary!.thresholds).toContainEqual({ metric: 'listener_frames', expression: 'count>0', ok: false });
    expect(result.exitCode).toBe(1);
  }, 60_000);
});
