// A per-user connection limit at admission (the `socket-limit` variant): at most `count` sockets admitted
// for one user within any `seconds`, counted when the upgrade is admitted; the one beyond is refused with
// HTTP 403 before the handshake, as a real Fiko backend does. Refused upgrades are not counted, so a user
// gets in again as soon as the oldest of its sockets leaves the window. Per process: with --workers each
// worker counts its own.
import type { Id } from './store.ts';

export interface SocketLimit {
  count: number;
  seconds: number;
}

export class SocketLimiter {
  private readonly admitted = new Map<string, number[]>();

  constructor(readonly limit: SocketLimit) {}

  /** Counts one socket of `user` and returns true, or false when the user's window is full. */
  take(user: Id, now = Date.now()): boolean {
    const key = String(user);
    const since = now - this.limit.seconds * 1000;
    const times = (this.admitted.get(key) ?? []).filter((t) => t > since);
    if (times.length >= this.limit.count) {
      this.admitted.set(key, times);
      return false;
    }
    times.push(now);
    this.admitted.set(key, times);
    return true;
  }

  /** `10/60` -> {count: 10, seconds: 60}; throws a message for anything else. */
  static parse(text: string): SocketLimit {
    const m = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*s?\s*$/.exec(text);
    const count = m ? Number(m[1]) : NaN;
    const seconds = m ? Number(m[2]) : NaN;
    if (!m || count < 1 || !(seconds > 0) || seconds > 3600) throw new Error(`a socket limit is COUNT/SECONDS, e.g. 10/60 (10 sockets per user within any 60 s), not '${text}'`);
    return { count, seconds };
  }
}
