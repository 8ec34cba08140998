// §1 and D-medmapp-14: SimpleJWT's token endpoints, and Bearer authentication for every other endpoint.
import { ServerError } from '../errors.ts';
import type { RequestContext, RouteDecl } from '../http.ts';
import type { ServerContext } from '../dialect.ts';
import type { UserRecord } from '../store.ts';
import { simpleJwtRoutes } from '../simplejwt.ts';
import { refuse, verifyAccess } from '../seams.ts';

export function authRoutes(sc: ServerContext): RouteDecl[] {
  return simpleJwtRoutes(sc, { loginField: 'phone', schemas: { pair: 'medmapp/token-response', refresh: 'medmapp/token-refresh-response' } });
}

/** `Authorization: Bearer <access>` -> the user; 401 otherwise (DRF + SimpleJWT behaviour). */
export async function authenticate(rc: RequestContext, sc: ServerContext): Promise<UserRecord> {
  const header = rc.req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) {
    const err = new ServerError('AUTH_MISSING');
    if (header) throw err;
    return refuse(sc, 'rest-no-credential', err);
  }
  const claims = await verifyAccess(sc, match[1]!, 'rest');
  const user = await sc.store.getUser(claims.userId);
  if (!user) throw new ServerError('TOKEN_INVALID', { message: 'User not found' });
  return user;
}
