// D-fiko-01: SimpleJWT's token endpoints for agents; both sockets take the access token as `?token=`
// (001 §Authentication). Anything else is refused and closed with 1008 after accepting (D-fiko-02).
import { ServerError } from '../errors.ts';
import type { RouteDecl } from '../http.ts';
import type { ServerContext } from '../dialect.ts';
import type { UserRecord } from '../store.ts';
import { simpleJwtRoutes } from '../simplejwt.ts';
import { refuse, verifyAccess } from '../seams.ts';

export function authRoutes(sc: ServerContext): RouteDecl[] {
  return simpleJwtRoutes(sc, { loginField: 'username', schemas: { pair: 'fiko/token-response', refresh: 'fiko/token-refresh-response' } });
}

/** The agent a socket's `?token=` names; missing, malformed, expired and refresh tokens are refused. */
export async function agentOfSocket(sc: ServerContext, url: URL): Promise<UserRecord> {
  const token = url.searchParams.get('token');
  if (!token) return refuse(sc, 'ws-no-token', new ServerError('AUTH_MISSING', { message: 'Authentication required' }));
  try {
    const { userId } = await verifyAccess(sc, token, 'ws');
    const user = await sc.store.getUser(userId);
    if (!user) throw new ServerError('TOKEN_INVALID', { message: 'User not found' });
    return user;
  } catch (err) {
    if (!(err instanceof ServerError)) throw err;
    return refuse(sc, 'ws-bad-token', err);
  }
}
