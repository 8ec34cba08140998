// Reads the fixture file named by __ENV.CHATCONFORM_FIXTURES (k6 init context only).
// Rooms go into a SharedArray: one copy in memory however many VUs run, each VU parses only its room.
import { SharedArray } from 'k6/data';
import type { FixtureRoom, LoadFixture } from '../fixture.ts';

export type RunConfig = Omit<LoadFixture, 'rooms'> & {
  roomCount: number;
  /** global index of each room's first member: payloads carry global sender indexes */
  roomOffsets: number[];
  totalConnections: number;
};

const path = __ENV.CHATCONFORM_FIXTURES;
if (!path) {
  throw new Error('CHATCONFORM_FIXTURES is not set: point it at a fixture file (chatconform load writes one)');
}

// Item 0 is the run configuration, items 1..n the rooms.
const shared = new SharedArray<RunConfig | FixtureRoom>('chatconform-fixture', () => {
  const fixture = JSON.parse(open(path)) as LoadFixture;
  if (!Array.isArray(fixture.rooms)) throw new Error(`${path}: "rooms" must be an array`);
  const { rooms, ...rest } = fixture;
  const roomOffsets: number[] = [];
  let total = 0;
  for (const room of rooms) {
    roomOffsets.push(total);
    total += room.members.length;
  }
  const config: RunConfig = { ...rest, roomCount: rooms.length, roomOffsets, totalConnections: total };
  return [config, ...rooms];
});

export const config = shared[0] as RunConfig;

export function room(index: number): FixtureRoom {
  return shared[index + 1] as FixtureRoom;
}

/** k6 duration syntax ("1m30s", "500ms", "2h", bare numbers are milliseconds) to milliseconds. */
export function durationMs(text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let matched = '';
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(m[1]) * units[m[2]];
    matched += m[0];
  }
  if (matched !== text) throw new Error(`not a duration: '${text}' (use e.g. 30s, 1m30s, 500ms)`);
  return total;
}

/** Reads a dotted path ("data.content") from a parsed frame. */
export function pick(value: unknown, dotted: string): unknown {
  let cur: unknown = value;
  for (const key of dotted.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** The send template as two halves around the payload: one string concatenation per message. */
export function frameBuilder(template: unknown): (payload: string) => string {
  const marker = '"$PAYLOAD"';
  const text = JSON.stringify(template);
  if (!text.includes(marker)) throw new Error('send.template must contain the string "$PAYLOAD"');
  const parts = text.split(marker);
  return (payload) => parts.join(JSON.stringify(payload));
}

export function warmupMs(cfg: RunConfig, connections: number): number {
  return durationMs(cfg.warmup, 2000 + 2 * connections);
}
