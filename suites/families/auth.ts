// Login and refresh (the profile's `auth.login` / `auth.refresh`): a pair of tokens for the right
// credentials, none for a wrong password, and a refreshed access token that authenticates REST. Where the
// login is the document's own (its `doc` is a section, not a decision) the documented endpoint is tested
// even when the target file names another; a login the dialect rests on a decision is tested where served.
import type { Json } from '../../core/json.ts';
import type { DialectProfile } from '../../core/profiles.ts';
import type { CheckContext } from '../../harness/context.ts';
import { AUTH_LOGIN, AUTH_REFRESH, valueAt } from '../../client/endpoints.ts';
import type { HttpResponse } from '../../client/http.ts';
import { expectJsonBody, expectStatus, expectTrue, short } from '../../harness/verify.ts';
import { credentials, refreshToken, refreshWith } from '../login.ts';
import type { ChatAdapter, Runs } from './adapter.ts';

export type AuthPromise = 'login' | 'wrong-password' | 'refresh';

/** The first GET of the profile a bearer token lists without parameters: what proves a token works. */
export function ownList(profile: DialectProfile): string {
  const name = Object.entries(profile.rest).find(([, op]) => op.method === 'GET' && op.auth === 'bearer' && !op.path.includes('{'))?.[0];
  if (!name) throw new Error(`profile ${profile.id} has no parameterless bearer GET to prove a token by`);
  return name;
}

function loginOf(profile: DialectProfile): NonNullable<DialectProfile['auth']['login']> {
  if (!profile.auth.login) throw new Error(`profile ${profile.id} documents no login`);
  return profile.auth.login;
}

const documentedLogin = (profile: DialectProfile): boolean => !loginOf(profile).doc.startsWith('D-');

/** POSTs `body` to the login under test: the documented one, or the one this target serves. */
function login(ctx: CheckContext, body: Json): Promise<HttpResponse> {
  if (!documentedLogin(ctx.profile)) return ctx.rest(AUTH_LOGIN, { json: body });
  const ep = ctx.env.endpoints.documented(AUTH_LOGIN);
  return ctx.http({ method: ep.method, path: ep.path, json: body });
}

export function authRuns<S>(a: ChatAdapter<S>): Runs<AuthPromise, S> {
  return {
    async login(ctx) {
      const doc = loginOf(ctx.profile);
      const res = await login(ctx, credentials(ctx, a.member));
      const fields = Object.fromEntries(doc.fields.map((f) => [f, '…']));
      ctx.addReproduction(`curl -i -X ${doc.method} -H 'content-type: application/json' -d '${JSON.stringify(fields)}' ${ctx.env.target.baseUrl}${doc.path}`);
      ctx.env.redactor.add((res.json as Json | undefined)?.access, (res.json as Json | undefined)?.refresh);
      expectStatus(ctx, res, [200], `login with the ${a.member}'s credentials`);
      const served = ctx.env.endpoints.resolve(AUTH_LOGIN);
      // A login the target file names is judged by its own token paths, not the document's schema.
      if (!documentedLogin(ctx.profile) && served.overridden) {
        const paths = [served.accessPath, ...(served.refreshPath ? [served.refreshPath] : [])];
        const missing = paths.filter((p) => typeof valueAt(res.json, p) !== 'string');
        expectTrue(ctx, missing.length === 0, { expected: [`tokens at ${paths.map((p) => `"${p}"`).join(' and ')}`], observed: short(res.text), pass: 'the login answers an access and a refresh token', fail: `no token at ${missing.map((p) => `"${p}"`).join(' and ')}` });
      } else expectJsonBody(ctx, res, doc.response, 'login response');
    },

    async 'wrong-password'(ctx) {
      const creds = credentials(ctx, a.member);
      const wrong = `${creds.password}-wrong`;
      ctx.env.redactor.add(wrong);
      const res = await login(ctx, { ...creds, password: wrong });
      ctx.env.redactor.add((res.json as Json | undefined)?.access, (res.json as Json | undefined)?.refresh);
      expectStatus(ctx, res, [400, 401, 403], 'login with a wrong password');
      const accessPath = documentedLogin(ctx.profile) ? loginOf(ctx.profile).accessPath : ctx.env.endpoints.resolve(AUTH_LOGIN).accessPath;
      expectTrue(ctx, typeof valueAt(res.json, accessPath) !== 'string', { expected: [`no "${accessPath}" token in the body`], observed: res.text.slice(0, 200), pass: 'no token issued for a wrong password', fail: 'a wrong password obtained a token' });
    },

    async refresh(ctx) {
      const refresh = ctx.env.endpoints.resolve(AUTH_REFRESH);
      const res = await refreshWith(ctx, await refreshToken(ctx, a.member));
      const access = (res.json as Json | undefined)?.access;
      ctx.env.redactor.add(access);
      expectStatus(ctx, res, [200], `${refresh.method} ${refresh.path}`);
      expectJsonBody(ctx, res, `${ctx.profile.id}/token-refresh-response`, 'refresh response');
      const list = ownList(ctx.profile);
      const listed = await ctx.rest(list, { token: access as string });
      expectStatus(ctx, listed, [200], `${ctx.profile.rest[list].method} ${ctx.profile.rest[list].path} with the refreshed access token`);
    },
  };
}
