// Sockets per user, shared by every check of one run. A server may limit how many sockets one user opens in
// a while (a Fiko backend refuses the 11th within a minute with HTTP 403): no document states it, so it is
// the target file's to say (`limits.socketsPerUser`). With it stated, every socket open of a user takes a
// slot of a sliding window first and waits while the window is full; without it, the opens are only counted,
// so that a refusal can be recognised as the limit (harness/context.ts) and reported once, as a root cause,
// with how many sockets that user opened in how long.
import type { SocketLimit } from '../core/target.ts';
import type { Transcript } from '../client/transcript.ts';
import type { WsProbe } from '../client/ws.ts';

/** Who a socket belongs to as the server counts it: `key` is private (may hold a token), `shown` is not. */
export interface SocketUser {
  key: string;
  /** how reports name the user: the role, or `visitor` */
  shown: string;
}

/** Where a user was admitted: a socket to open again to tell a limit from a refusal of one socket. */
export interface Admitted {
  at: number;
  url: string;
  headers: Record<string, string>;
  /** the socket: a place counts as admitted once it stayed open (a 101 then a close is a refusal too) */
  probe: WsProbe;
}

/** One user's limit as it was recognised: the root cause's evidence. */
export interface Recognised {
  user: string;
  /** upgrades of the user tried before its first refusal, how many of them the server accepted (101), and the span from the first to that refusal */
  opened: number;
  admitted: number;
  spanMs: number;
  status: number;
  body: string;
  path: string;
  at: number;
}

interface UserLog {
  /** every open of the run (ms since epoch), oldest first */
  opens: number[];
  /** when each accepted upgrade (101) was sent */
  admitted: number[];
  /** when the first refused upgrade was sent */
  firstRefused?: number;
  /** accepted upgrades (101), newest last, a few kept */
  places: Admitted[];
  /** no open before this (a limit recognised with a known window) */
  holdUntil: number;
  /** handshakes of the user not settled yet */
  inflight: Set<Promise<unknown>>;
  recognised?: Recognised;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SocketGate {
  private readonly users = new Map<string, UserLog>();
  /** open sockets a passed check left for reuse, by URL and headers */
  private readonly parked = new Map<string, WsProbe[]>();
  /** sockets handed from one check to another instead of opened */
  reused = 0;
  private waiters = 0;
  private stallSince = 0;
  private stalled = 0;

  /**
   * `marginMs` is added to a stated window: the server counts from when an upgrade reaches it, the gate from
   * before it is sent, and one upgrade may travel faster than an earlier one.
   */
  constructor(
    readonly limit: SocketLimit | undefined,
    private readonly marginMs = 100,
  ) {}

  private log(key: string): UserLog {
    let u = this.users.get(key);
    if (!u) this.users.set(key, (u = { opens: [], admitted: [], holdUntil: 0, inflight: new Set(), places: [] }));
    return u;
  }

  get windowMs(): number | undefined {
    return this.limit ? this.limit.seconds * 1000 + this.marginMs : undefined;
  }

  /**
   * Takes a slot for one socket of `key`: at once without a stated limit (only counted); with one, once
   * fewer than `count` of that user's opens fall in the last `seconds`. Concurrent callers are served as
   * slots free up (the test and the take are one synchronous step). `waiting(true|false)` brackets a wait.
   */
  async acquire(key: string, waiting?: (on: boolean) => void): Promise<number> {
    const u = this.log(key);
    for (;;) {
      const now = Date.now();
      let until = u.holdUntil;
      const windowMs = this.windowMs;
      if (this.limit && windowMs !== undefined) {
        const inWindow = u.opens.filter((t) => t > now - windowMs);
        if (inWindow.length >= this.limit.count) until = Math.max(until, inWindow[inWindow.length - this.limit.count]! + windowMs);
      }
      if (until <= now) {
        u.opens.push(now);
        return now;
      }
      this.enter();
      waiting?.(true);
      try {
        await sleep(until - now);
      } finally {
        waiting?.(false);
        this.leave();
      }
    }
  }

  /** The handshake of a socket of `key` sent at `sent` came back 101: it is where the user can be admitted again. */
  admitted(key: string, sent: number, url: string, headers: Record<string, string>, probe: WsProbe): void {
    const u = this.log(key);
    u.admitted.push(sent);
    u.places.push({ at: Date.now(), url, headers, probe });
    if (u.places.length > 50) u.places.shift();
  }

  /** The handshake of a socket of `key` sent at `sent` was refused with an HTTP status. */
  refused(key: string, sent: number): void {
    const u = this.log(key);
    if (u.firstRefused === undefined || sent < u.firstRefused) u.firstRefused = sent;
  }

  /** Tracks a handshake of `key` until it settles (see settled()). */
  track<T>(key: string, handshake: Promise<T>): Promise<T> {
    const set = this.log(key).inflight;
    set.add(handshake);
    void handshake.finally(() => set.delete(handshake)).catch(() => {});
    return handshake;
  }

  /**
   * Waits until every handshake of `key` in flight now has settled: sockets opened together answer in any
   * order, and a refusal may come back before the acceptances that filled the window.
   */
  async settled(key: string): Promise<void> {
    await Promise.allSettled([...(this.users.get(key)?.inflight ?? [])]);
  }

  /**
   * Where `key` was last really admitted within `withinMs`: a socket that got 101 and was not closed by the
   * server, still open at least `openMs` after the 101 or closed normally (1000, 1005). A 101 followed by a
   * close with a code of its own is a refusal (a tampered token, a room of others), not a place to try again.
   * When only younger sockets are open, waits for them to reach `openMs`.
   */
  async lastAdmitted(key: string, withinMs: number, openMs: number): Promise<Admitted | undefined> {
    const good = (p: Admitted) => (p.probe.closed ? p.probe.closed.code === 1000 || p.probe.closed.code === 1005 : p.probe.isOpen && Date.now() - p.at >= openMs);
    const recent = () => (this.users.get(key)?.places ?? []).filter((p) => Date.now() - p.at <= withinMs);
    const found = recent().reverse().find(good);
    if (found || !recent().some((p) => !p.probe.closed)) return found;
    await sleep(openMs);
    return recent().reverse().find(good);
  }

  /** No socket of `key` opens before `ms` from now (a recognised limit with a known window). */
  holdOff(key: string, ms: number): void {
    const u = this.log(key);
    u.holdUntil = Math.max(u.holdUntil, Date.now() + ms);
  }

  /**
   * Records the refusal that showed `user`'s limit: the first one only, which is the evidence (true then).
   */
  recognise(user: SocketUser, refusal: { status: number; body: string; path: string }): boolean {
    const u = this.log(user.key);
    if (u.recognised) return false;
    {
      const at = u.firstRefused ?? Date.now();
      const tried = u.opens.filter((t) => t < at);
      u.recognised = { user: user.shown, opened: tried.length, admitted: u.admitted.filter((t) => t < at).length, spanMs: tried.length ? at - tried[0]! : 0, status: refusal.status, body: refusal.body, path: refusal.path, at };
    }
    return true;
  }

  /** The root cause's wire evidence: each user's first recognised refusal (set by the harness). */
  evidence?: Transcript;

  recognisedAll(): Recognised[] {
    return [...this.users.values()].flatMap((u) => (u.recognised ? [u.recognised] : []));
  }

  /** Sockets opened per user (by how reports name them). */
  opened(shown: (key: string) => string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [key, u] of this.users) out[shown(key)] = (out[shown(key)] ?? 0) + u.opens.length;
    return out;
  }

  /** Keeps an open socket for the next check that may reuse one to the same place. */
  park(place: string, probe: WsProbe): void {
    probe.detach();
    this.parked.set(place, [...(this.parked.get(place) ?? []), probe]);
  }

  /** An open parked socket to `place`, taken out of the park, or undefined. */
  take(place: string): WsProbe | undefined {
    const list = this.parked.get(place) ?? [];
    while (list.length) {
      const probe = list.shift()!;
      if (probe.isOpen) {
        this.reused++;
        return probe;
      }
    }
    return undefined;
  }

  /**
   * Closes every parked socket: the run is over, or a check needs a user to have no socket open at all (a
   * presence check's "first socket"). Returns how many were open.
   */
  closeParked(): number {
    let open = 0;
    for (const list of this.parked.values()) for (const p of list) if (p.isOpen) open++;
    for (const list of this.parked.values()) for (const p of list) p.close();
    this.parked.clear();
    return open;
  }

  /** Wall time during which at least one socket open waited for the limit: what the run's deadline leaves out. */
  waitedMs(): number {
    return this.stalled + (this.waiters > 0 ? Date.now() - this.stallSince : 0);
  }

  private enter(): void {
    if (this.waiters++ === 0) this.stallSince = Date.now();
  }

  private leave(): void {
    if (--this.waiters === 0) this.stalled += Date.now() - this.stallSince;
  }
}
