// A client that never reads is closed with 1013 once its unsent bytes pass MAX_BUFFERED, instead of
// growing the server's memory (issue 3: bounded per-socket send buffers), and the room goes on: the
// senders, which do read, stay open and keep receiving.
// The senders pace themselves (one message each per tick, the next tick once every sender has read the
// last one), so a reading socket never has more than one tick's bytes queued, however slow the machine:
// only the paused reader can pass the bound. What is asserted is who is closed, not how many events or when.
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_BUFFERED } from '../../reference-server/ws.ts';
import { connectOpen, login, sleep, start, within, type Client, type Harness } from './probe.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.server.close();
  h = undefined;
});

type RawSocket = { _socket: { pause(): void; resume(): void } };
const SENDERS = 6;
const BIG = 'x'.repeat(60_000);
/** Bounds the push: 200 ticks of 6 × 60 kB is 72 MB, far past any loopback buffering plus MAX_BUFFERED. */
const MAX_TICKS = 200;

describe('slow consumer', () => {
  it('closes the paused reader with 1013; the senders stay open and keep receiving', async () => {
    h = await start();
    const server = h.server;
    const [patient, operator] = await Promise.all([login(server, 'patient'), login(server, 'operator')]);
    const reader = await connectOpen(server, patient.access);
    const readerConn = h.capture.events('ws-open').find((e) => e.user === server.target.users.patient!.id)!.conn;
    (reader.ws as unknown as RawSocket)._socket.pause(); // never reads
    const senders: Client[] = [];
    for (let i = 0; i < SENDERS; i++) senders.push(await connectOpen(server, operator.access));
    const slow = () => h!.capture.events('ws-slow-consumer');
    // A sender closed while the test runs fails it at once, with its code, instead of a wait timing out.
    const senderClosed = Promise.race(senders.map((s, i) => s.closed.then(({ code }) => Promise.reject(new Error(`sender ${i} was closed with ${code}`)))));
    senderClosed.catch(() => {}); // awaited below; the server's own close at the end lands here unobserved

    let ticks = 0;
    for (; ticks < MAX_TICKS && slow().length === 0; ticks++) {
      const started = Date.now();
      for (const s of senders) s.send({ message: BIG });
      // Every sender reads every message of this tick (the echo included) before the next one.
      await Promise.race([Promise.all(senders.map((s) => s.waitFor((f) => f.type === 'chat_message', SENDERS, 20_000))), senderClosed]);
      for (const s of senders) {
        expect(s.frames.filter((f) => f.type !== 'chat_message'), 'a sender got something else than messages').toEqual([]);
        s.frames.length = 0; // keeps memory flat over the ticks
      }
      // One message per sender per 250 ms stays inside the 5-per-second allowance (D-medmapp-06).
      await sleep(Math.max(0, 250 - (Date.now() - started)));
    }
    expect(slow().length, `no slow-consumer close after ${ticks} ticks of ${SENDERS} × 60 kB`).toBeGreaterThan(0);
    // Only the reader was ever judged slow.
    for (const event of slow()) {
      expect(event.conn, 'a reading sender was closed as a slow consumer').toBe(readerConn);
      expect(event.buffered as number).toBeGreaterThan(MAX_BUFFERED);
    }

    (reader.ws as unknown as RawSocket)._socket.resume();
    expect((await within(reader.closed, 30_000, "the reader's close")).code).toBe(1013);

    // The senders were never affected: still open, and a message still reaches every one of them.
    const last = `after ${ticks} ticks`;
    senders[0]!.send({ message: last });
    await Promise.race([Promise.all(senders.map((s) => s.waitFor((f) => f.type === 'chat_message' && f.data.content === last, 1, 20_000))), senderClosed]);
    for (const s of senders) expect(s.ws.readyState).toBe(s.ws.OPEN);
    expect(slow().map((e) => e.conn)).toEqual([readerConn]);
  }, 120_000);
});
