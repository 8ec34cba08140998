// --wait-for-target: a server that `docker compose up -d` just started answers a few seconds later.
// The first connection is retried until it answers or the wait is over; every attempt keeps its timeout.
import { probeReachable } from '../client/http.ts';

export interface Reachability {
  ok: boolean;
  reason?: string;
  attempts: number;
  waitedMs: number;
}

export async function waitForTarget(baseUrl: string, timeoutMs: number, waitMs = 0, pauseMs = 500): Promise<Reachability> {
  const t0 = Date.now();
  for (let attempts = 1; ; attempts++) {
    const reach = await probeReachable(baseUrl, timeoutMs);
    const waitedMs = Date.now() - t0;
    if (reach.ok) return { ok: true, attempts, waitedMs };
    if (waitedMs + pauseMs >= waitMs) {
      const tried = waitMs > 0 ? ` (${attempts} attempts over ${Math.round(waitedMs / 100) / 10} s)` : '';
      return { ok: false, reason: `${reach.reason}${tried}`, attempts, waitedMs };
    }
    await new Promise((r) => setTimeout(r, Math.min(pauseMs * Math.min(attempts, 4), waitMs - waitedMs)));
  }
}

/** `30s`, `2m`, `1m30s`, `500ms` or plain seconds -> milliseconds; NaN for anything else. */
export function parseDuration(text: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (const m of t.matchAll(re)) {
    total += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
    consumed += m[0].length;
  }
  return consumed === t.length && consumed > 0 ? total : NaN;
}
