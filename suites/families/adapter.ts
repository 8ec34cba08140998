// What a check family needs to know of a dialect beyond its profile.json: how to get a fresh room with two
// members talking, what a client sends and a broadcast looks like, and how history is read. Everything the
// profile says (login, operations, close codes, error shapes, frame schemas) is read from the profile.
import type { Json } from '../../core/json.ts';
import type { Check } from '../../harness/check.ts';
import type { CheckContext } from '../../harness/context.ts';
import type { Frame, WsProbe } from '../../client/ws.ts';

export type RoomId = string | number;

/** A room with both talking members connected: `sender` speaks, `peer` listens. */
export interface Pair {
  room: RoomId;
  /** the room is this check's own (nothing else writes to it), not a shared fallback */
  fresh: boolean;
  sender: WsProbe;
  peer: WsProbe;
  /** the sender's credential where it belongs to this room alone (a visitor token) */
  senderToken?: string;
}

export interface ChatAdapter<S = unknown> {
  /** the member who logs in with the profile's login and owns the fixture room (patient, owner) */
  member: string;
  /** who speaks and who listens in a pair, for what the checks say */
  talk: { sender: string; peer: string };
  /** the fixture (target file `fixtures.<name>`) naming a room the member takes part in */
  fixture: string;
  /** the profile's `frames.out` key of a broadcast chat message */
  broadcast: string;
  pair(ctx: CheckContext<S>): Promise<Pair>;
  /** the frame a client sends to say `text` */
  message(text: unknown): Json;
  isBroadcast(f: Frame): boolean;
  /** the text and id a broadcast carries */
  textOf(f: Frame): unknown;
  idOf(f: Frame): unknown;
  /** top-level fields the broadcast of the sender's `text` in `room` carries, beyond its schema */
  broadcastFields?(room: RoomId, text: string): Json;
  /**
   * Every history item of `room` as a member reads it (absent where the document has no history: 002); unreadable history fails the check, or blocks it by
   * `blockedBy` (the check whose subject history is).
   */
  history?(ctx: CheckContext<S>, room: RoomId, blockedBy?: string): Promise<Json[]>;
  /** the check whose subject history is (what blocks a check that only needs it) */
  historyCheck?: string;
  itemText?(m: Json | undefined): unknown;
  /** fields a history item of the sender's `text` carries */
  storedFields?(text: string): Json;
  /** an error frame as the dialect sends one (refusing an input) */
  isError(f: Frame): boolean;
  /** what in an error frame tells a refusal from the server's own failure (a code, a text) */
  errorCode(f: Frame): string;
  /** statuses for the history of a room that does not exist */
  missingRoomStatuses?: number[];
  /** close code names (profile.closeCodes) accepted for a room that does not exist */
  unknownRoomCloses: string[];
  /** sockets with a valid credential that is not for `room`, beyond the profile's non-member roles */
  alsoForbidden?(ctx: CheckContext<S>, room: RoomId): Promise<{ what: string; probe: WsProbe }[]>;
  /** how the document refuses a token that authenticates nobody (default: the socket closes Unauthorized) */
  refuse?(ctx: CheckContext<S>, token: string, what: string): Promise<void>;
  /** what else the schema tour of this document shows, after the round trip in `pair` */
  tour?(ctx: CheckContext<S>, pair: Pair): Promise<void>;
}

/** A check of a family without its run: the dialect's id, level, document section and quote. */
export type CheckSpec = Omit<Check, 'run'>;

/** family promise -> the dialect's check (id map); a promise a dialect leaves out generates nothing */
export type IdMap<P extends string> = Partial<Record<P, CheckSpec>>;

export type Runs<P extends string, S> = Record<P, (ctx: CheckContext<S>) => Promise<void>>;

/** The checks of `map`, each run by its family's generator: keyed by promise, for the suite to place. */
export function generate<P extends string, S>(map: IdMap<P>, runs: Runs<P, S>): Record<P, Check<S>> {
  const out = {} as Record<P, Check<S>>;
  for (const [promise, spec] of Object.entries(map) as [P, CheckSpec][]) out[promise] = { ...spec, run: runs[promise] };
  return out;
}
