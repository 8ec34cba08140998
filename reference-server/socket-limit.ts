// A per-user connection limit at admission (the `socket-limit` variant): at most `count` sockets admitted
// for one user within any `seconds`, counted when the upgrade is admitted; the one beyond is refused with
// HTTP 403 before the handshake, as a real Fiko backend does (or, with `closeCode`, accepted and closed at
// once with that code, as a server that limits in its consumer would). Refused upgrades are not counted, so a user
// gets in again as soon as the oldest of its sockets leaves the window. Per process: with --workers each
// worker counts its own.
import type { Id } from './store.ts';

export interface SocketLimit {
  count: number;
  seconds: number;
  /** accept the upgrade beyond the limit and close it at once with this code (e.g. 1013 Try Again Later) instead of HTTP 403 */
  closeCode?: number;
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

  /** `10/60` -> {count: 10, seconds: 60}; `10/60:1013` closes at once with 1013 instead of HTTP 403; throws a message for anything else. */
  static parse(text: string): SocketLimit {
    const m = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*s?\s*(?::\s*(\d{4}))?\s*$/.exec(text);
    const count = m ? Number(m[1]) : NaN;
    const seconds = m ? Number(m[2]) : NaN;
    const closeCode = m?.[3] !== undefined ? Number(m[3]) : undefined;
    const closeOk = closeCode === undefined || closeCode === 1008 || closeCode === 1013 || (closeCode >= 4000 && closeCode <= 4999);
    if (!m || count < 1 || !(seconds > 0) || seconds > 3600 || !closeOk) {
      throw new Error(`a socket limit is COUNT/SECONDS[:CLOSE], e.g. 10/60 (10 sockets per user within any 60 s, HTTP 403 beyond) or 10/60:1013 (closed at once with 1013; 1008, 1013 or 4000-4999), not '${text}'`);
    }
    return { count, seconds, ...(closeCode !== undefined ? { closeCode } : {}) };
  }
}
