// What every suite's auth checks need: a role's login fields from the target file, a fresh login through
// the login this target serves (documented, or named in the target file), and a refresh token.
import { CheckSkip } from '../harness/check.ts';
import type { CheckContext } from '../harness/context.ts';
import { AUTH_LOGIN, AUTH_REFRESH } from '../client/endpoints.ts';
import type { HttpResponse } from '../client/http.ts';
import { loginAt, type TokenPair } from '../client/login.ts';
import { fail } from '../harness/verify.ts';

export function credentials(ctx: CheckContext, role: string): Record<string, string> {
  const creds = ctx.user(role).credentials;
  if (!creds) throw new CheckSkip(`users.${role}.credentials are not in the target file, so the login endpoint cannot be exercised`);
  return creds;
}

/** Logs `role` in again where this target logs in, recording the exchange; its tokens are redacted from then on. */
export async function loginPair(ctx: CheckContext, role: string): Promise<TokenPair> {
  try {
    const pair = await loginAt(ctx.env.endpoints.resolve(AUTH_LOGIN), ctx.env.target.baseUrl, credentials(ctx, role), ctx.timeoutMs, ctx.transcript);
    ctx.env.redactor.add(pair.access, pair.refresh);
    return pair;
  } catch (err) {
    if (err instanceof CheckSkip) throw err;
    fail({ expected: ['HTTP 200 with an access token'], observed: (err as Error).message, reason: `login as ${role}: ${(err as Error).message}` });
  }
}

/** A refresh token of `role`: from a fresh login, else users.<role>.refreshToken; skipped when neither exists. */
export async function refreshToken(ctx: CheckContext, role: string): Promise<string> {
  const user = ctx.user(role);
  const given = user.refreshToken;
  if (!user.credentials) {
    if (given) return given;
    throw new CheckSkip(`neither users.${role}.credentials nor users.${role}.refreshToken is in the target file, so no refresh token is at hand`);
  }
  const pair = await loginPair(ctx, role);
  if (pair.refresh) return pair.refresh;
  if (given) return given;
  const ep = ctx.env.endpoints.resolve(AUTH_LOGIN);
  throw new CheckSkip(`the login response carries no refresh token at '${ep.refreshPath ?? 'refresh'}' (name it with endpoints."auth.login".refreshPath, or give users.${role}.refreshToken)`);
}

/** POSTs `refresh` to the refresh endpoint this target serves. */
export function refreshWith(ctx: CheckContext, refresh: string): Promise<HttpResponse> {
  return ctx.rest(AUTH_REFRESH, { json: { refresh } });
}
