// Custom metrics shared by every load script. Names are part of the contract with the harness
// (cli/load.ts reads them from summary.json) and with the thresholds of the fixture file.
import { Counter, Trend } from 'k6/metrics';

export const m = {
  /** ms from the sender's send() to a receiver's onmessage, every delivery (own echo included) */
  fanoutLatency: new Trend('fanout_latency', true),
  /** ms from new WebSocket() to onopen */
  connectTime: new Trend('connect_time', true),
  connections: new Counter('connections'),
  connectRefusals: new Counter('connect_refusals'),
  messagesSent: new Counter('messages_sent'),
  /** distinct messages that reached at least one socket (accepted by the server) */
  messagesDelivered: new Counter('messages_delivered'),
  /** distinct (message, receiver) pairs that arrived */
  deliveries: new Counter('deliveries'),
  /** (sent - refused) x receivers per sender, counted when the room's run ends */
  deliveriesExpected: new Counter('deliveries_expected'),
  /** deliveries_expected - deliveries, never negative */
  loss: new Counter('loss'),
  /** frames that matched the fixture's refusal frame (the rate limiter said no) */
  limiterRefusals: new Counter('limiter_refusals'),
  /** messages neither delivered to anyone nor refused: dropped without a word */
  silentDrops: new Counter('silent_drops'),
  /** accepted messages beyond what `limit` per second allows over a sender's sending span */
  overAdmissions: new Counter('limiter_over_admissions'),
  /** sockets the server closed while the script still wanted them */
  unexpectedCloses: new Counter('unexpected_closes'),
  duplicateDeliveries: new Counter('duplicate_deliveries'),
  /** a load message of another room arrived: the server broadcast across rooms */
  misroutedDeliveries: new Counter('misrouted_deliveries'),
  /** frames that are neither a delivery nor a refusal (presence, status updates, errors) */
  otherFrames: new Counter('other_frames'),
  /** listener sockets that opened (fixture rooms' `listeners`) */
  listeners: new Counter('listeners'),
  /** listener frames that match the fixture's `listen` for the listener's room */
  listenerFrames: new Counter('listener_frames'),
  /** delivered messages x open listeners, per room */
  listenerFramesExpected: new Counter('listener_frames_expected'),
};

/** Every counter gets a zero sample so thresholds on counters that never moved still evaluate. */
export function touchCounters(): void {
  for (const [name, metric] of Object.entries(m)) {
    if (name !== 'fanoutLatency' && name !== 'connectTime') (metric as Counter).add(0);
  }
}
