// 004 §Rate Limiting: five scopes are throttled, "Aniq limitlar server konfiguratsiyasida belgilangan" (the
// exact limits are set in the server's configuration); §Error Responses: 429 {"message", "wait_seconds"}.
// D-uzbekhub-16: the target file states each limit (`throttles`, DRF's rate form); a check sends limit + 1
// requests and expects the 429 on the last. Earlier requests of the run may share the window (the scopes
// without a token are counted per address), so a 429 sooner passes too, with the count reported. A scope
// with no stated limit is probed up to PROBE_BOUND requests and the limit found is reported. These checks
// run alone, after the concurrent phase.
import type { HttpResponse } from '../../client/http.ts';
import type { Check } from '../../harness/check.ts';
import type { RunEnv } from '../../harness/context.ts';
import { expectJsonBody, fail, short } from '../../harness/verify.ts';
import { curlLine } from '../support.ts';
import { freshEmail, sharedAccount, usernameOf } from './accounts-support.ts';
import type { Ctx, UzState } from './support.ts';

/** How many requests a scope with no stated limit is probed with. */
export const PROBE_BOUND = 100;

const UNIT_SECONDS: Record<string, number> = { s: 1, sec: 1, second: 1, m: 60, min: 60, minute: 60, h: 3600, hour: 3600, d: 86400, day: 86400 };

/** DRF's rate form, "30/min": the limit and the window in seconds; undefined for anything else. */
export function parseRate(text: string | undefined): { limit: number; seconds: number; text: string } | undefined {
  const m = /^([1-9]\d{0,5})\/(s|sec|second|m|min|minute|h|hour|d|day)$/.exec(text ?? '');
  return m ? { limit: Number(m[1]), seconds: UNIT_SECONDS[m[2]!]!, text: text! } : undefined;
}

/** The target file's `throttles` (the embedded reference server states its own). */
export const statedThrottles = (env: RunEnv): Record<string, string> => env.throttles;

type Send = (ctx: Ctx, i: number) => Promise<HttpResponse>;

function throttleCheck(id: string, scope: string, doc: string, operation: string, prepare: (ctx: Ctx) => Promise<Send>): Check<UzState> {
  return {
    id,
    level: 'MUST',
    doc,
    timing: 'alone',
    title: `The ${scope} scope is throttled: limit + 1 requests end in 429 {"message", "wait_seconds"}`,
    requirement: `${operation}: "Throttling: ✅ Rate limited (${scope} scope)"; §Error Responses 429 Too Many Requests {"message": "Request was throttled", "wait_seconds": 60}; §Rate Limiting: "Aniq limitlar server konfiguratsiyasida belgilangan" (the limits are the server's configuration, stated in the target file, else probed).`,
    tags: ['accounts', 'rest', 'rate-limit'],
    async run(ctx) {
      const send = await prepare(ctx);
      const stated = parseRate(statedThrottles(ctx.env)[scope]);
      const bound = stated ? stated.limit + 1 : PROBE_BOUND;
      const seen = new Map<number, number>();
      let throttled: HttpResponse | undefined;
      let sent = 0;
      while (sent < bound && !throttled) {
        const res = await send(ctx, ++sent);
        if (res.status === 429) throttled = res;
        else seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
      }
      const others = [...seen].map(([s, n]) => `${n}× ${s}`).join(', ');
      const expected = [stated ? `HTTP 429 by request ${bound} (the stated ${stated.text}, plus one)` : `HTTP 429 within ${bound} requests (no limit stated)`];
      if (!throttled) {
        fail({
          expected,
          observed: `${sent} requests, none answered 429 (${others})`,
          reason: stated ? `request ${bound} (the stated ${stated.text} + 1) was not refused with 429` : `no 429 within ${bound} requests of the ${scope} scope`,
          ...(stated ? {} : { hint: `if the limit is higher than ${bound}, state it in the target file: "throttles": {"${scope}": "N/min"}` }),
        });
      }
      ctx.addReproduction(`the last of ${sent} requests of the ${scope} scope in a row`);
      expectJsonBody(ctx, throttled!, 'uzbekhub/error-throttled', `the 429 body of the ${scope} scope`);
      const allowed = sent - 1;
      const found = stated
        ? allowed === stated.limit
          ? `the stated ${stated.text} holds: ${allowed} answered, request ${sent} is 429`
          : `429 after ${allowed} of the stated ${stated.limit} (${stated.text}): earlier requests of the run share the window`
        : `limit found by probing: ${allowed} request${allowed === 1 ? '' : 's'} answered, then 429 (no limit stated; bound ${bound}; earlier requests of the run may share the window)`;
      ctx.observe({ expected, observed: `${allowed} answered (${others || 'none'}), then ${short(throttled!.text, 160)}`, reason: found });
    },
  };
}

export const throttleChecks: Check<UzState>[] = [
  // Counted per user: the run's account p searches nothing else, so its window is the check's alone
  // (without the hook, the outsider's, which only account checks of the concurrent phase share).
  throttleCheck('uzbekhub-throttle-01', 'profile_search', '004 §Accounts API 14', 'GET /api/accounts/account/search/<key>/', async (ctx) => {
    const token = ctx.env.hooks.emailCode ? (await sharedAccount(ctx, 'p')).token : ctx.token('outsider');
    ctx.addReproduction(curlLine('GET', '/api/accounts/account/search/cc-throttle/', 'outsider'));
    return (c) => c.rest('users.search', { token, params: { key: 'cc-throttle' } });
  }),
  throttleCheck('uzbekhub-throttle-02', 'public_profile', '004 §Accounts API 16', 'GET /api/accounts/account/profile/<username>/', async (ctx) => {
    const username = await usernameOf(ctx, 'member');
    ctx.addReproduction(curlLine('GET', `/api/accounts/account/profile/${username}/`));
    return (c) => c.rest('users.publicProfile', { params: { username } });
  }),
  throttleCheck('uzbekhub-throttle-03', 'email_verify', '004 §Accounts API 2', 'POST /api/accounts/auth/email-verify/', async (ctx) => {
    ctx.addReproduction(curlLine('POST', '/api/accounts/auth/email-verify/', undefined, { json: { code: '00000' } }));
    return (c) => c.rest('auth.emailVerify', { json: { code: '00000' } });
  }),
  throttleCheck('uzbekhub-throttle-04', 'forget_password', '004 §Accounts API 5', 'POST /api/accounts/auth/forgot-password/', async (ctx) => {
    ctx.addReproduction(curlLine('POST', '/api/accounts/auth/forgot-password/', undefined, { json: { email: 'nobody@example.com' } }));
    return (c) => c.rest('auth.forgotPassword', { json: { email: freshEmail('throttle') } });
  }),
  throttleCheck('uzbekhub-throttle-05', 'new_password', '004 §Accounts API 6', 'POST /api/accounts/auth/reset-password/<reset_link>/', async (ctx) => {
    const json = { new_password: 'Throttle-123', confirm_password: 'Throttle-123' };
    ctx.addReproduction(curlLine('POST', '/api/accounts/auth/reset-password/cc-no-such-link/', undefined, { json }));
    return (c) => c.rest('auth.resetPassword', { params: { reset_link: 'cc-no-such-link' }, json });
  }),
];
