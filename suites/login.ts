// What every suite's auth checks need: a role's login fields from the target file, and a fresh login
// through the profile's documented endpoint whose tokens are redacted from then on.
import { CheckSkip } from '../harness/check.ts';
import type { CheckContext } from '../harness/context.ts';
import { expectStatus } from '../harness/verify.ts';

export function credentials(ctx: CheckContext, role: string): Record<string, string> {
  const creds = ctx.env.extras.get(role)?.credentials;
  if (!creds) throw new CheckSkip(`users.${role}.credentials are not in the target file, so the login endpoint cannot be exercised`);
  return creds;
}

/** Logs `role` in again (200 expected) and returns the body, e.g. {access, refresh}. */
export async function loginPair(ctx: CheckContext, role: string): Promise<Record<string, any>> {
  const res = await ctx.http({ method: 'POST', path: ctx.profile.auth.login!.path, json: credentials(ctx, role) });
  expectStatus(ctx, res, [200], `login as ${role}`);
  const body = res.json as Record<string, any>;
  ctx.env.redactor.add(body?.access, body?.refresh);
  return body;
}
