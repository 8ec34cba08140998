// D-carechat-01: SimpleJWT's token endpoints (username + password); the access token goes in
// `Authorization: Bearer` on REST and, on the socket, in `?token=` or that same header (D-carechat-10).
import type { IncomingMessage } from 'node:http';
import { ServerError } from '../errors.ts';
import type { RouteDecl } from '../http.ts';
import type { ServerContext } from '../dialect.ts';
import { simpleJwtRoutes } from '../simplejwt.ts';
import { verifyAccess } from '../seams.ts';
import { userOf, type FixtureUser } from './seed.ts';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function authRoutes(sc: ServerContext): RouteDecl[] {
  return simpleJwtRoutes(sc, { loginField: 'username', schemas: { pair: 'carechat/token-response', refresh: 'carechat/token-refresh-response' } });
}

/** An access token -> its user and the profiles the user holds. */
export async function userFromToken(sc: ServerContext, token: string, where: 'rest' | 'ws'): Promise<FixtureUser> {
  const { userId } = await verifyAccess(sc, token, where);
  const user = (await sc.store.getUser(userId)) ? userOf(String(userId)) : undefined;
  if (!user) throw new ServerError('TOKEN_INVALID', { message: 'User not found' });
  return user;
}

/** The Bearer token of a request's Authorization header; undefined without one; a malformed one is 401. */
export function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined || header === '') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new ServerError('TOKEN_INVALID', { message: 'Authorization header must contain two space-delimited values' });
  return match[1]!;
}
