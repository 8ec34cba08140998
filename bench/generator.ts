// The lean open-loop load generator of bench/capacity.ts: a child process (several run side by side) that
// drives whole rooms of WebSocket clients (raw-client.ts: framing by hand, far cheaper per frame than `ws`). Each member sends on an absolute schedule (`rate` per second, offsets
// spread evenly over one interval) whatever the server answers, so a slow server meets the same offered
// load as a fast one. A received frame is never JSON-parsed: the payload `cc|<sender>|<seq>|<send time>` is
// found with one Buffer.indexOf in the TCP chunk and read digit by digit, and the latency goes into a fixed histogram.
// Accounting is exact per message because every sender and receiver of a room is in this process.
//
// Protocol (IPC): parent -> {type:'connect', job} ; child -> {type:'connected', opened, failed}
//                 parent -> {type:'start', startAt} ; child -> {type:'done', stats}
//                 parent -> {type:'idle'} keeps the sockets open without sending (memory probe), 'stop' ends.
import { performance } from 'node:perf_hooks';
import { RawClient } from './raw-client.ts';

export interface GeneratorJob {
  /** rooms of socket URLs; every member sends and receives */
  rooms: string[][];
  rate: number;
  /** measured sending time; sending starts `warmupMs` earlier (JIT, first-message paths) and that part is not measured */
  durationMs: number;
  warmupMs: number;
  drainMs: number;
  /** global index of this job's first member (payloads carry global indexes) */
  base: number;
  /** position of this job's members among all members, for the send offsets */
  totalMembers: number;
  /** substring of the frame the server sends when its rate limiter refuses */
  refusal: string;
  connectConcurrency: number;
}

export interface GeneratorStats {
  opened: number;
  failed: number;
  sent: number;
  deliveries: number;
  /** deliveries of messages sent in the measured window (the histogram holds their latencies) */
  measured: number;
  expected: number;
  duplicates: number;
  refusals: number;
  otherFrames: number;
  unexpectedCloses: number;
  /** latency histogram, 0.1 ms buckets: [bucket, count] pairs */
  histogram: [number, number][];
  /** how late the generator's sends left against their schedule, ms */
  sendLagMaxMs: number;
  sendLagP99Ms: number;
}

/** 0.1 ms buckets up to 60 s; the last bucket holds everything slower. */
export const BUCKET_MS = 0.1;
const BUCKETS = 600_000;

const MARK = Buffer.from('cc|');
const now = () => performance.timeOrigin + performance.now();

interface Member {
  ws: RawClient;
  room: number;
  local: number;
  global: number;
  open: boolean;
  closing: boolean;
  sent: number;
}

/** Reads an unsigned decimal (with an optional fraction) at `i`; returns [value, index after it]. */
function readNumber(buf: Buffer, i: number): [number, number] {
  let v = 0;
  let c = buf[i];
  while (c !== undefined && c >= 48 && c <= 57) {
    v = v * 10 + (c - 48);
    c = buf[++i];
  }
  if (c === 46) {
    let scale = 0.1;
    c = buf[++i];
    while (c !== undefined && c >= 48 && c <= 57) {
      v += (c - 48) * scale;
      scale /= 10;
      c = buf[++i];
    }
  }
  return [v, i];
}

function run(job: GeneratorJob): void {
  const interval = 1000 / job.rate;
  const warmSends = Math.floor((job.warmupMs * job.rate) / 1000);
  const perSender = warmSends + Math.max(1, Math.floor((job.durationMs * job.rate) / 1000));
  const hist = new Uint32Array(BUCKETS);
  const lags = new Float64Array(job.rooms.reduce((n, r) => n + r.length, 0) * perSender);
  let lagCount = 0;
  const stats = { opened: 0, failed: 0, sent: 0, deliveries: 0, measured: 0, duplicates: 0, refusals: 0, otherFrames: 0, unexpectedCloses: 0 };
  const members: Member[] = [];
  // seen[room][receiver * size * perSender + sender * perSender + seq]
  const seen: Uint8Array[] = job.rooms.map((r) => new Uint8Array(r.length * r.length * perSender));
  const roomBase: number[] = [];
  let g = job.base;
  job.rooms.forEach((urls) => {
    roomBase.push(g);
    g += urls.length;
  });
  const refusal = Buffer.from(job.refusal);

  const onFrame = (me: Member, data: Buffer, start: number, end: number) => {
    let at = data.indexOf(MARK, start);
    if (at >= end) at = -1;
    if (at < 0) {
      const r = data.indexOf(refusal, start);
      if (r >= 0 && r < end) stats.refusals++;
      else stats.otherFrames++;
      return;
    }
    const [sender, i1] = readNumber(data, at + 3);
    const [seq, i2] = readNumber(data, i1 + 1);
    const [sentAt] = readNumber(data, i2 + 1);
    const t = now();
    const size = job.rooms[me.room].length;
    const s = sender - roomBase[me.room];
    if (!(s >= 0 && s < size) || !(seq < perSender)) {
      stats.otherFrames++;
      return;
    }
    const k = me.local * size * perSender + s * perSender + seq;
    const bits = seen[me.room];
    if (bits[k]) {
      stats.duplicates++;
      return;
    }
    bits[k] = 1;
    stats.deliveries++;
    if (seq < warmSends) return;
    stats.measured++;
    const b = Math.floor((t - sentAt) / BUCKET_MS);
    hist[b < 0 ? 0 : b >= BUCKETS ? BUCKETS - 1 : b]++;
  };

  const connect = (url: string, room: number, local: number): Promise<void> =>
    new Promise((resolve) => {
      const me = { room, local, global: roomBase[room] + local, open: false, closing: false, sent: 0 } as Member;
      me.ws = new RawClient(url, {
        open: () => {
          me.open = true;
          stats.opened++;
          resolve();
        },
        text: (chunk, start, end) => onFrame(me, chunk, start, end),
        close: () => {
          if (!me.open) {
            stats.failed++;
            resolve();
          } else if (!me.closing) stats.unexpectedCloses++;
          me.open = false;
        },
      });
      members.push(me);
    });

  const connectAll = async () => {
    const todo: [string, number, number][] = [];
    job.rooms.forEach((urls, r) => urls.forEach((u, j) => todo.push([u, r, j])));
    let next = 0;
    const lane = async () => {
      while (next < todo.length) {
        const [u, r, j] = todo[next++];
        await connect(u, r, j);
      }
    };
    await Promise.all(Array.from({ length: Math.min(job.connectConcurrency, todo.length) }, lane));
    process.send!({ type: 'connected', opened: stats.opened, failed: stats.failed });
  };

  // Sends: one timer walks 2 ms slots; each member belongs to the slot of its offset within the interval.
  const start = (startAt: number) => {
    const tick = 2;
    const slots = Math.max(1, Math.round(interval / tick));
    const bySlot: Member[][] = Array.from({ length: slots }, () => []);
    for (const m of members) {
      const offset = (m.global / Math.max(1, job.totalMembers)) * interval;
      bySlot[Math.min(slots - 1, Math.floor(offset / tick))].push(m);
    }
    let cursor = 0;
    const last = perSender * slots;
    const timer = setInterval(() => {
      const t = now();
      const target = Math.min(last - 1, Math.floor((t - startAt) / tick));
      while (cursor <= target) {
        const k = Math.floor(cursor / slots);
        const due = startAt + cursor * tick;
        for (const m of bySlot[cursor % slots]) {
          if (!m.open) continue;
          const sentAt = now();
          m.ws.send(`{"message":"cc|${m.global}|${k}|${sentAt.toFixed(2)}"}`);
          m.sent++;
          stats.sent++;
          if (k >= warmSends) lags[lagCount++] = sentAt - due;
        }
        cursor++;
      }
      if (cursor >= last) {
        clearInterval(timer);
        waitDrain();
      }
    }, tick);
    const waitDrain = () => {
      const until = now() + job.drainMs;
      const check = setInterval(() => {
        if (expected() <= stats.deliveries || now() >= until) {
          clearInterval(check);
          finish();
        }
      }, 20);
    };
  };

  // Every open member receives every message of its room, its own included (echo).
  const expected = () => {
    let e = 0;
    const openIn = new Map<number, number>();
    for (const m of members) if (m.open) openIn.set(m.room, (openIn.get(m.room) ?? 0) + 1);
    for (const m of members) e += m.sent * (openIn.get(m.room) ?? 0);
    return e;
  };

  const finish = () => {
    const histogram: [number, number][] = [];
    for (let b = 0; b < BUCKETS; b++) if (hist[b]) histogram.push([b, hist[b]]);
    const sortedLags = lags.subarray(0, lagCount).sort();
    const done: GeneratorStats = {
      ...stats,
      expected: expected(),
      histogram,
      sendLagMaxMs: lagCount ? Math.round(sortedLags[lagCount - 1] * 10) / 10 : 0,
      sendLagP99Ms: lagCount ? Math.round(sortedLags[Math.min(lagCount - 1, Math.floor(lagCount * 0.99))] * 10) / 10 : 0,
    };
    process.send!({ type: 'done', stats: done });
  };

  process.on('message', (msg: { type: string; startAt?: number }) => {
    if (msg.type === 'start') start(msg.startAt!);
    else if (msg.type === 'stop') {
      for (const m of members) {
        m.closing = true;
        m.ws.terminate();
      }
      process.exit(0);
    }
  });
  void connectAll();
}

if (process.send) {
  process.once('message', (msg: { type: string; job: GeneratorJob }) => {
    if (msg.type === 'connect') run(msg.job);
  });
  process.on('disconnect', () => process.exit(0));
}

/** p-th percentile (0..100) of merged histograms, in ms. */
export function histogramPercentile(hist: Map<number, number>, total: number, p: number): number | null {
  if (total === 0) return null;
  const rank = Math.ceil((p / 100) * total);
  let seen = 0;
  for (const b of [...hist.keys()].sort((a, b) => a - b)) {
    seen += hist.get(b)!;
    if (seen >= rank) return Math.round((b + 1) * BUCKET_MS * 10) / 10;
  }
  return null;
}
