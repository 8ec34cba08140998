// The fixture file: everything a load script needs to know about one run, written by the harness
// (cli/load.ts, bench/capacity.ts) and read by the k6 scripts through __ENV.CHATCONFORM_FIXTURES.
// Dialect knowledge (URLs with their tokens, frame shapes, the refusal frame) lives here, never in the
// scripts, so the same script runs against the reference server, someone else's server, or under
// k6-operator with the file mounted from a ConfigMap. Types only: imported by k6 scripts and by Node.

export type Scenario = 'broadcast' | 'over-limit' | 'connect-storm';

export interface FixtureMember {
  /** full WebSocket URL, credentials included (e.g. ws://127.0.0.1:8000/ws/chat/1/?token=...) */
  url: string;
  /** a name safe to print and to use as a metric tag, e.g. "patient#1" (never a token) */
  label: string;
  /** upgrade request headers, credentials included (e.g. Authorization: Bearer ..., document 002) */
  headers?: Record<string, string>;
}

export interface FixtureRoom {
  id: string | number;
  members: FixtureMember[];
  /**
   * sockets that never send but are told about the room's traffic, open for the whole run (Fiko: the
   * agent's conversation-list socket gets `conversation_updated` for every stored message); `listen` says
   * which of their frames count
   */
  listeners?: FixtureMember[];
}

export interface LoadFixture {
  /** dialect id, informational */
  profile: string;
  scenario: Scenario;
  /** one k6 VU drives one room: opens every member's socket, sends, receives and accounts for it */
  rooms: FixtureRoom[];
  send: {
    /** the client frame; every string equal to "$PAYLOAD" is replaced by the payload */
    template: unknown;
  };
  receive: {
    /** dotted path of the message text inside a delivered frame, e.g. "data.content" */
    path: string;
    /** dotted path of the frame discriminator and the value that marks a delivered message */
    typeField?: string;
    typeValue?: string;
    /** whether the sender's own socket receives its message too (Medmapp: yes, D-medmapp-18) */
    echo: boolean;
  };
  /** the listeners' frames that count: `typeField` equals `typeValue` and `roomField` is the room's id; one is expected per delivered message */
  listen?: { typeField: string; typeValue: string; roomField: string };
  /** how the server says "too many messages": the frame whose `path` equals `value` */
  refusal: { path: string; value: string };
  /** messages per second each member sends */
  rate: number;
  /** the documented per-connection limit (messages per second), informational for over-limit */
  limit?: number;
  /** sending time, k6 duration syntax: "30s", "1m30s", "500ms" */
  duration: string;
  /** time every socket is given to connect before sending starts (default: 2s + 2ms per connection) */
  warmup?: string;
  /** time allowed after the last send for deliveries to arrive (default 3s) */
  drain?: string;
  /** k6 thresholds, e.g. {"fanout_latency": ["p(99)<100"], "loss": ["count<=0"]} */
  thresholds: Record<string, string[]>;
  /** connect-storm only: open `connections` sockets evenly over `ramp`, keep them for `hold` */
  storm?: { connections: number; ramp: string; hold: string; vus?: number };
}

/** Payload carried by every load message: survives HTML escaping (no & < > " '). */
export const PAYLOAD_PREFIX = 'cc';

/** summary.json, written by every load script's handleSummary (load/lib/summary.ts). */
export interface LoadSummary {
  scenario: string;
  profile: string;
  rooms: number;
  connectionsPlanned: number;
  rate: number;
  duration: string;
  connections: number;
  connectRefusals: number;
  messagesSent: number;
  /** distinct messages that reached at least one socket: sent = delivered + refused + silent drops */
  messagesDelivered: number;
  deliveries: number;
  deliveriesExpected: number;
  loss: number;
  limiterRefusals: number;
  silentDrops: number;
  overAdmissions: number;
  unexpectedCloses: number;
  duplicateDeliveries: number;
  misroutedDeliveries: number;
  otherFrames: number;
  /** listener sockets opened, their counted frames, and those expected (delivered messages x listeners) */
  listeners: number;
  listenerFrames: number;
  listenerFramesExpected: number;
  fanoutLatencyMs: Percentiles | null;
  connectTimeMs: Percentiles | null;
  thresholds: { metric: string; expression: string; ok: boolean }[];
  passed: boolean;
}

export interface Percentiles {
  count: number;
  avg: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}
