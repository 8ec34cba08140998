// D-carinfopro-01: SimpleJWT's token endpoints for owners, and the credentials of document 003's §Auth:
// an owner's `Authorization: Bearer <JWT_ACCESS>` (REST) or `?token=` (socket), a visitor's `visitor_token`.
import { decodeJwt } from 'jose';
import { ServerError } from '../errors.ts';
import type { RequestContext, RouteDecl } from '../http.ts';
import type { ServerContext } from '../dialect.ts';
import type { RoomRecord, UserRecord } from '../store.ts';
import { simpleJwtRoutes } from '../simplejwt.ts';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function authRoutes(sc: ServerContext): RouteDecl[] {
  return simpleJwtRoutes(sc, { loginField: 'username', schemas: { pair: 'carinfopro/token-response', refresh: 'carinfopro/token-refresh-response' } });
}

/**
 * An owner's access token -> the owner. Faults loosen exactly one rule each: the token type
 * (`refresh-token-accepted`), the expiry (`expired-token-accepted`), the signature (`jwt-signature-not-verified`).
 */
export async function ownerFromToken(sc: ServerContext, token: string): Promise<UserRecord> {
  const { faults, jwt, store } = sc;
  let userId: string | number;
  if (faults.has('jwt-signature-not-verified')) {
    let claims: Record<string, unknown>;
    try {
      claims = decodeJwt(token);
    } catch (err) {
      throw new ServerError('TOKEN_INVALID', { cause: err });
    }
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) throw new ServerError('TOKEN_EXPIRED');
    if (claims.token_type !== 'access') throw new ServerError('TOKEN_WRONG_TYPE');
    if (typeof claims.user_id !== 'string') throw new ServerError('TOKEN_INVALID');
    userId = claims.user_id;
  } else {
    ({ userId } = await jwt.verify(token, {
      ...(faults.has('refresh-token-accepted') ? {} : { type: 'access' as const }),
      ignoreExpiry: faults.has('expired-token-accepted'),
    }));
  }
  const user = await store.getUser(userId);
  if (!user || user.role !== 'owner') throw new ServerError('TOKEN_INVALID', { message: 'User not found' });
  return user;
}

/** The Bearer token of a request, or undefined without an Authorization header; a malformed one is 401. */
export function bearer(rc: RequestContext): string | undefined {
  const header = rc.req.headers.authorization;
  if (header === undefined || header === '') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new ServerError('TOKEN_INVALID', { message: 'Authorization header must contain two space-delimited values' });
  return match[1]!;
}

/** The room whose visitor token this is; 401 (TOKEN_INVALID) when it belongs to no room (D-carinfopro-05/07). */
export async function roomOfVisitor(sc: ServerContext, token: string): Promise<RoomRecord> {
  const room = UUID.test(token) ? await sc.store.findRoomByVisitorToken(token.toLowerCase()) : undefined;
  if (!room) throw new ServerError('TOKEN_INVALID', { message: 'Invalid visitor token.' });
  return room;
}
