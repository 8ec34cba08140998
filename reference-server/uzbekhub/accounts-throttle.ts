// 004 §Rate Limiting and §Error Responses 429: five scopes, "Aniq limitlar server konfiguratsiyasida
// belgilangan" (the limits are set in the server's configuration). D-uzbekhub-16: 30 requests a minute per
// scope and client, the user when authenticated, else the address; refused with 429 {message, wait_seconds}.
// A sliding log as DRF's SimpleRateThrottle keeps: a refused request is not counted.
import { ServerError } from '../errors.ts';
import type { RequestContext } from '../http.ts';
import type { ServerContext } from '../dialect.ts';
import { read } from '../seams.ts';
import type { ThrottleScope } from './accounts-spec.ts';
import type { UzUser } from './state.ts';

export const THROTTLE = { limit: 30, windowMs: 60_000 } as const;
/** What the target file states (DRF's rate form). */
export const THROTTLE_RATE = '30/min';
export const THROTTLE_SCOPES: readonly ThrottleScope[] = ['email_verify', 'forget_password', 'new_password', 'profile_search', 'public_profile'];

export class Throttles {
  private readonly log = new Map<string, number[]>();

  /** Takes one request of `scope` for the client; throws the 429 when its window is full. */
  take(sc: ServerContext, rc: RequestContext, scope: ThrottleScope, user?: UzUser): void {
    const spec = read(sc, 'uz.throttle', { ...THROTTLE }, { scope });
    if (!spec) return;
    const key = `${scope} ${user ? `user:${user.id}` : `addr:${rc.req.socket.remoteAddress ?? '?'}`}`;
    const now = Date.now();
    const hits = (this.log.get(key) ?? []).filter((t) => t > now - spec.windowMs);
    if (hits.length >= spec.limit) {
      this.log.set(key, hits);
      const wait = Math.max(1, Math.ceil((hits[0]! + spec.windowMs - now) / 1000));
      throw new ServerError('RATE_LIMIT_EXCEEDED', { message: 'Request was throttled', extra: { wait_seconds: wait } });
    }
    hits.push(now);
    this.log.set(key, hits);
  }
}
