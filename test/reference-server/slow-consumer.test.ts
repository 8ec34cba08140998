// A client that never reads is closed with 1013 once its unsent bytes pass MAX_BUFFERED, instead of
// growing the server's memory (issue 3: bounded per-socket send buffers), and the room goes on.
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_BUFFERED } from '../../reference-server/ws.ts';
import { connectOpen, login, start, type Harness } from './probe.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.server.close();
  h = undefined;
});

describe('slow consumer', () => {
  it('is closed with 1013 while the senders keep going', async () => {
    h = await start();
    const patient = await login(h.server, 'patient');
    const operator = await login(h.server, 'operator');
    const reader = await connectOpen(h.server, patient.access);
    (reader.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause(); // never reads
    const big = 'x'.repeat(60_000);
    const senders = await Promise.all(Array.from({ length: 12 }, () => connectOpen(h!.server, operator.access)));
    let sent = 0;
    // Five per sender per second stays within the limit; a few rounds push several MB at the paused reader.
    for (let round = 0; round < 4 && h.capture.events('ws-slow-consumer').length === 0; round++) {
      for (const s of senders) for (let i = 0; i < 5; i++, sent++) s.send({ message: big });
      await new Promise((r) => setTimeout(r, 1050));
    }
    const slow = h.capture.events('ws-slow-consumer');
    expect(slow.length, `no slow-consumer close after ${sent} messages of 60 kB`).toBe(1);
    expect(slow[0]!.buffered as number).toBeGreaterThan(MAX_BUFFERED);
    (reader.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect((await reader.closed).code).toBe(1013);
    // The others were never affected.
    const last = `after ${Date.now()}`;
    senders[0]!.send({ message: last });
    await senders[1]!.waitFor((f) => f.type === 'chat_message' && f.data.content === last);
    for (const s of senders) expect(s.ws.readyState).toBe(s.ws.OPEN);
  }, 30_000);
});
