// 004 §Authentication and §Accounts API 3, 7: sign-in with {email, password} answers {status, email,
// token: {access, refresh}}; the access token goes in `Authorization: Bearer` (REST) and, on the socket, in
// `?token=` or that header (D-uzbekhub-08); refresh is SimpleJWT's (D-uzbekhub-01). A wrong password is
// 400 in §Error Responses' 400 shape with details.non_field_errors (D-uzbekhub-01). My profile tells a
// client its user id.
import type { IncomingMessage } from 'node:http';
import { requireStrings } from '../django.ts';
import { ServerError } from '../errors.ts';
import { readJsonBody, type RequestContext, type RouteDecl } from '../http.ts';
import type { ServerContext } from '../dialect.ts';
import { issue, refuse, valid, verifyAccess } from '../seams.ts';
import { FIXTURE_USERS, stateOf, userById, type UzUser } from './state.ts';
import { profileView } from './wire.ts';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The Bearer token of a request's Authorization header; undefined without one; a malformed one is 401. */
export function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined || header === '') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new ServerError('TOKEN_INVALID', { message: 'Authorization header must contain two space-delimited values' });
  return match[1]!;
}

export async function userFromToken(sc: ServerContext, token: string, where: 'rest' | 'ws'): Promise<UzUser> {
  const { userId } = await verifyAccess(sc, token, where);
  // The server's own accounts: one deleted (D-uzbekhub-32) or not yet verified authenticates nobody.
  const state = stateOf(sc);
  const user = state ? state.user(Number(userId)) : userById(Number(userId));
  if (!user || !user.isActive) throw new ServerError('TOKEN_INVALID', { message: 'User not found' });
  return user;
}

/** The caller of an authenticated REST operation (401 without a valid token). */
export async function caller(sc: ServerContext, rc: RequestContext): Promise<UzUser> {
  const token = bearer(rc.req);
  if (token !== undefined) return userFromToken(sc, token, 'rest');
  // ctx.op: the profile operation, so that a fault can waive the refusal of one operation alone.
  return refuse(sc, 'uz-rest-no-credential', new ServerError('AUTH_MISSING'), { op: rc.op, path: rc.url.pathname, fallback: FIXTURE_USERS[0] });
}

export function authRoutes(sc: ServerContext): RouteDecl[] {
  const { jwt } = sc;
  return [
    {
      op: 'auth.login',
      async handler(rc) {
        const body = requireStrings(await readJsonBody(rc.req), ['email', 'password']);
        // An account whose sign-up code is not verified yet is refused as wrong credentials are (D-uzbekhub-30).
        const user = stateOf(sc)?.userByEmail(body.email!);
        const bad = () => ServerError.validation({ non_field_errors: ['Unable to log in with provided credentials.'] });
        if (!user || !valid(sc, 'uz-active-to-sign-in', user.isActive)) throw bad();
        if (user.password === null || user.password !== body.password) await refuse(sc, 'wrong-password', bad());
        user.lastLogin = Date.now();
        const token = issue(sc, await jwt.pair(user.id));
        return { status: 200, body: { status: true, email: user.email, token }, schema: 'uzbekhub/signin-response' };
      },
    },
    {
      op: 'auth.refresh',
      async handler(rc) {
        const { refresh } = requireStrings(await readJsonBody(rc.req), ['refresh']);
        const claims = await jwt.verify(refresh!, { type: 'refresh' });
        if (!stateOf(sc)?.user(Number(claims.userId))?.isActive) throw new ServerError('TOKEN_INVALID', { message: 'User not found' });
        return { status: 200, body: { access: await jwt.sign(claims.userId, 'access') }, schema: 'uzbekhub/token-refresh-response' };
      },
    },
    {
      op: 'profile.get',
      async handler(rc) {
        const user = await caller(sc, rc);
        return { status: 200, body: profileView(user, stateOf(sc)), schema: 'uzbekhub/profile-response' };
      },
    },
  ];
}
