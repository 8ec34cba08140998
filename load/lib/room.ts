// One VU drives one room: it opens a socket per member, every member sends at `rate` messages per second
// on a fixed schedule, every socket records what it receives, and when the room is done the VU accounts
// for every message: delivered to each receiver, refused by the limiter, or lost.
//
// Driving a whole room from one VU (rather than one VU per socket) keeps every sender and receiver of a
// message in one JavaScript runtime, so loss is counted exactly per message without shared state, and a
// run of 1000 sockets needs 200 VUs instead of 1000.
//
// The receive path is the cost of a k6 run (every message arrives `room size` times), so a delivery is
// found without JSON.parse: the payload marker, the delivery type's value and the absence of the refusal
// value are checked with indexOf, and the payload's numbers are read digit by digit. Anything else (a
// refusal, another frame, a frame that only looks like a delivery) takes the full parse as before.
// Per delivery only the latency Trend gets a sample; counters are added once a second (ticks.ts).
import { WebSocket, type MessageEvent } from 'k6/websockets';
import { setTimeout } from 'k6/timers';
import { config as cfg, durationMs, frameBuilder, pick, room as roomAt } from './config.ts';
import { m } from './metrics.ts';
import { PAYLOAD_PREFIX } from '../fixture.ts';
import { Ticker } from './ticks.ts';

/** WebSocket.OPEN: k6 does not expose the static constants */
const OPEN = 1;

interface Member {
  label: string;
  ws: WebSocket | null;
  opened: boolean;
  closing: boolean;
  closed: boolean;
  /** counted in sendersDone: finished sending, or will never send */
  done: boolean;
  sent: number;
  refused: number;
  /** sendTimes[k]: when message k left; the client-side limit guard reads it */
  sendTimes: number[];
  /** seen[senderLocalIdx][seq]: this member received that message */
  seen: Uint8Array[];
}

export interface RoomResult {
  sent: number;
  deliveries: number;
  expected: number;
  refused: number;
  silent: number;
  overAdmitted: number;
  /** distinct messages that reached at least one socket */
  delivered: number;
}

export function runRoom(roomIndex: number, startAt: number): Promise<RoomResult> {
  const room = roomAt(roomIndex);
  const base = cfg.roomOffsets[roomIndex];
  const size = room.members.length;
  const rate = cfg.rate;
  const interval = 1000 / rate;
  const perSender = Math.max(1, Math.floor((durationMs(cfg.duration, 30_000) * rate) / 1000));
  const drain = durationMs(cfg.drain, 3000);
  const build = frameBuilder(cfg.send.template);
  const { path: contentPath, typeField, typeValue, echo } = cfg.receive;
  const refusal = cfg.refusal;
  const tags = { room: String(room.id) };
  const marker = `${PAYLOAD_PREFIX}|`;
  const typeNeedle = typeField && typeValue !== undefined ? JSON.stringify(typeValue) : '';
  const refusalNeedle = JSON.stringify(refusal.value);
  const ticker = new Ticker(startAt, roomIndex);
  ticker.onPeriodEnd = (sent, delivered) => {
    if (sent) m.messagesSent.add(sent, tags);
    if (delivered) m.deliveries.add(delivered, tags);
  };
  // Whole-number rates get a client-side guard: message k never leaves less than 1000 ms after message
  // k-rate, so timer jitter can never make the client itself exceed `rate` in any one-second window.
  const window = Number.isInteger(rate) && rate >= 1 ? rate : 0;

  let deliveries = 0;
  let sendersDone = 0;
  const members: Member[] = room.members.map((member) => ({
    label: member.label,
    ws: null,
    opened: false,
    closing: false,
    closed: false,
    done: false,
    sent: 0,
    refused: 0,
    sendTimes: [],
    seen: Array.from({ length: size }, () => new Uint8Array(perSender)),
  }));

  // Listeners (Fiko's list sockets) never send: each counts the frames `listen` names for this room.
  const listen = cfg.listen;
  const listenNeedle = listen ? JSON.stringify(listen.typeValue) : '';
  const listeners = (room.listeners ?? []).map((l) => ({ label: l.label, ws: null as WebSocket | null, opened: false, closing: false }));
  let listenerFrames = 0;
  const listenersOpen = () => listeners.filter((l) => l.opened).length;

  /** accepted[sender][seq]: at least one socket received that message */
  const accepted = Array.from({ length: size }, () => new Uint8Array(perSender));
  const senderDone = (me: Member) => {
    if (me.done) return;
    me.done = true;
    sendersDone++;
  };

  return new Promise<RoomResult>((resolve) => {
    /** A delivery of (sender, seq) sent at sentMs to `me`: counted once, its latency recorded. */
    const accept = (me: Member, sender: number, seq: number, sentMs: number, now: number) => {
      if (!(sender >= 0 && sender < size)) {
        m.misroutedDeliveries.add(1, tags);
        return;
      }
      if (!(seq >= 0 && seq < perSender)) {
        m.otherFrames.add(1, tags);
        return;
      }
      if (me.seen[sender][seq]) {
        m.duplicateDeliveries.add(1, tags);
        return;
      }
      me.seen[sender][seq] = 1;
      accepted[sender][seq] = 1;
      deliveries++;
      m.fanoutLatency.add(now - sentMs);
      ticker.delivered(now - sentMs);
    };

    /** The three numbers after the marker at `at`, or null when they are not there. */
    const readPayload = (text: string, at: number): [number, number, number] | null => {
      const out: [number, number, number] = [0, 0, 0];
      let i = at;
      for (let f = 0; f < 3; f++) {
        let v = 0;
        const from = i;
        let c = text.charCodeAt(i);
        while (c >= 48 && c <= 57) {
          v = v * 10 + (c - 48);
          c = text.charCodeAt(++i);
        }
        if (i === from) return null;
        out[f] = v;
        if (f < 2) {
          if (c !== 124) return null; // '|'
          i++;
        }
      }
      return out;
    };

    const receive = (me: Member, event: MessageEvent) => {
      const now = Date.now();
      const text = event.data as string;
      const at = text.indexOf(marker);
      if (at >= 0 && (typeNeedle === '' || text.indexOf(typeNeedle) >= 0) && text.indexOf(refusalNeedle) < 0) {
        const nums = readPayload(text, at + marker.length);
        if (nums) return accept(me, nums[0] - base, nums[1], nums[2], now);
      }
      let frame: unknown;
      try {
        frame = JSON.parse(text);
      } catch {
        m.otherFrames.add(1, tags);
        return;
      }
      const isDelivery = !typeField || pick(frame, typeField) === typeValue;
      if (!isDelivery || pick(frame, contentPath) === undefined) {
        if (pick(frame, refusal.path) === refusal.value) {
          me.refused++;
          m.limiterRefusals.add(1, tags);
          ticker.refusal();
        } else {
          m.otherFrames.add(1, tags);
        }
        return;
      }
      const content = pick(frame, contentPath);
      if (typeof content !== 'string' || !content.startsWith(marker)) {
        m.otherFrames.add(1, tags);
        return;
      }
      const nums = readPayload(content, marker.length);
      if (!nums) {
        m.otherFrames.add(1, tags);
        return;
      }
      accept(me, nums[0] - base, nums[1], nums[2], now);
    };

    const sendLoop = (me: Member, globalIndex: number, anchor: number, k: number) => {
      const ws = me.ws;
      if (k >= perSender || !ws || me.closed || ws.readyState !== OPEN) {
        senderDone(me);
        return;
      }
      let due = anchor + k * interval;
      if (window && k >= window) due = Math.max(due, me.sendTimes[k - window] + 1000);
      const wait = due - Date.now();
      if (wait > 0) {
        setTimeout(() => sendLoop(me, globalIndex, anchor, k), wait);
        return;
      }
      const now = Date.now();
      ws.send(build(`${PAYLOAD_PREFIX}|${globalIndex}|${k}|${now}`));
      me.sendTimes.push(now);
      me.sent++;
      ticker.sentOne();
      sendLoop(me, globalIndex, anchor, k + 1);
    };

    const account = (): RoomResult => {
      const receiversOpen = members.filter((x) => x.opened).length;
      let expected = 0;
      let refused = 0;
      let silent = 0;
      let sent = 0;
      let overAdmitted = 0;
      let delivered = 0;
      members.forEach((sender, s) => {
        const receivers = Math.max(0, receiversOpen - (echo || !sender.opened ? 0 : 1));
        expected += Math.max(0, sender.sent - sender.refused) * receivers;
        let reached = 0;
        for (let q = 0; q < perSender; q++) reached += accepted[s][q];
        delivered += reached;
        silent += Math.max(0, sender.sent - reached - sender.refused);
        if (cfg.limit && sender.sendTimes.length > 0) {
          // The most a `limit`-per-second window can admit over the span the sender was sending.
          const span = sender.sendTimes[sender.sendTimes.length - 1] - sender.sendTimes[0];
          const allowed = Math.ceil((cfg.limit * span) / 1000) + cfg.limit;
          overAdmitted += Math.max(0, reached - allowed);
        }
        refused += sender.refused;
        sent += sender.sent;
      });
      return { sent, deliveries, expected, refused, silent, overAdmitted, delivered };
    };

    /** Missing deliveries by the second their message was sent; messages nobody got count as refused first. */
    const lossBySecond = (): Record<string, number> => {
      const out: Record<string, number> = {};
      const receiversOpen = members.filter((x) => x.opened).length;
      members.forEach((sender, s) => {
        const receivers = Math.max(0, receiversOpen - (echo || !sender.opened ? 0 : 1));
        let unexplained = sender.refused;
        for (let q = 0; q < sender.sent; q++) {
          let got = 0;
          for (const r of members) got += r.seen[s][q];
          if (got === 0 && unexplained > 0) {
            unexplained--;
            continue;
          }
          const missing = receivers - got;
          if (missing > 0) {
            const p = String(ticker.at(sender.sendTimes[q]));
            out[p] = (out[p] ?? 0) + missing;
          }
        }
      });
      return out;
    };

    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      for (const member of members) {
        member.closing = true;
        if (member.ws && !member.closed) member.ws.close();
      }
      for (const listener of listeners) {
        listener.closing = true;
        listener.ws?.close();
      }
      const result = account();
      if (listeners.length) {
        m.listenerFrames.add(listenerFrames, tags);
        m.listenerFramesExpected.add(result.delivered * listenersOpen(), tags);
      }
      ticker.open = 0;
      ticker.stop(lossBySecond());
      m.deliveriesExpected.add(result.expected, tags);
      m.loss.add(Math.max(0, result.expected - result.deliveries), tags);
      m.silentDrops.add(result.silent, tags);
      m.messagesDelivered.add(result.delivered, tags);
      m.overAdmissions.add(result.overAdmitted, tags);
      // Give close frames a moment to leave before the iteration ends.
      setTimeout(() => resolve(result), 100);
    };

    const lastSendAt = startAt + interval + perSender * interval;
    const watch = () => {
      if (finished) return;
      const now = Date.now();
      if (sendersDone === size) {
        const r = account();
        const heard = listenerFrames >= r.delivered * listenersOpen();
        if ((r.deliveries >= r.expected && heard) || now >= lastSendAt + drain) return finish();
      }
      if (now >= lastSendAt + drain + 5000) return finish(); // a sender that never connected
      setTimeout(watch, 50);
    };

    members.forEach((me, i) => {
      const globalIndex = base + i;
      // Senders are spread evenly over one interval across the whole run, not only within the room.
      const offset = (globalIndex / Math.max(1, cfg.totalConnections)) * interval;
      const t0 = Date.now();
      const headers = room.members[i].headers;
      const ws = new WebSocket(room.members[i].url, null, { tags: { room: String(room.id) }, ...(headers ? { headers } : {}) });
      me.ws = ws;
      ws.onopen = () => {
        me.opened = true;
        ticker.open++;
        m.connectTime.add(Date.now() - t0, tags);
        m.connections.add(1, tags);
        const anchor = Math.max(startAt + offset, Date.now());
        setTimeout(() => sendLoop(me, globalIndex, anchor, 0), Math.max(0, anchor - Date.now()));
      };
      ws.onmessage = (event?: MessageEvent) => {
        if (event) receive(me, event);
      };
      ws.addEventListener('close', (event) => {
        const wasOpen = me.opened;
        me.closed = true;
        if (wasOpen && !finished) ticker.open--;
        if (me.closing) return;
        const code = String((event as unknown as { code?: number }).code ?? 0);
        if (!wasOpen) {
          m.connectRefusals.add(1, { ...tags, code });
          ticker.connectRefused();
          senderDone(me);
        } else {
          m.unexpectedCloses.add(1, { ...tags, code });
          ticker.unexpectedClose();
        }
      });
      ws.onerror = () => {
        if (!me.opened && !me.closed) {
          me.closed = true;
          me.closing = true; // the close event that may follow is not counted twice
          m.connectRefusals.add(1, { ...tags, code: 'error' });
          ticker.connectRefused();
          senderDone(me);
        }
      };
    });
    listeners.forEach((me, i) => {
      const ws = new WebSocket(room.listeners![i].url, null, { tags: { room: String(room.id) } });
      me.ws = ws;
      ws.onopen = () => {
        me.opened = true;
        m.listeners.add(1, tags);
      };
      ws.onmessage = (event?: MessageEvent) => {
        const text = event?.data as string;
        if (!listen || typeof text !== 'string' || text.indexOf(listenNeedle) < 0) return;
        try {
          const frame = JSON.parse(text);
          if (pick(frame, listen.typeField) === listen.typeValue && String(pick(frame, listen.roomField)) === String(room.id)) {
            listenerFrames++;
          }
        } catch {
          // not JSON: not one of the frames that count
        }
      };
      ws.addEventListener('close', (event) => {
        if (me.closing) return;
        const code = String((event as unknown as { code?: number }).code ?? 0);
        if (me.opened) m.unexpectedCloses.add(1, { ...tags, code });
        else m.connectRefusals.add(1, { ...tags, code });
        me.closing = true;
      });
    });
    setTimeout(watch, Math.max(0, startAt - Date.now()));
  });
}
