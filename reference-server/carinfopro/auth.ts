// D-carinfopro-01: SimpleJWT's token endpoints for owners, and the credentials of document 003's §Auth:
// an owner's `Authorization: Bearer <JWT_ACCESS>` (REST) or `?token=` (socket), a visitor's `visitor_token`.
import { ServerError } from '../errors.ts';
import type { RequestContext, RouteDecl } from '../http.ts';
import type { ServerContext } from '../dialect.ts';
import type { RoomRecord, UserRecord } from '../store.ts';
import { simpleJwtRoutes } from '../simplejwt.ts';
import { verifyAccess } from '../seams.ts';
import { VISITOR } from './seed.ts';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function authRoutes(sc: ServerContext): RouteDecl[] {
  return simpleJwtRoutes(sc, { loginField: 'username', schemas: { pair: 'carinfopro/token-response', refresh: 'carinfopro/token-refresh-response' } });
}

/** An owner's access token (REST or socket) -> the owner. */
export async function ownerFromToken(sc: ServerContext, token: string): Promise<UserRecord> {
  const { userId } = await verifyAccess(sc, token);
  const user = await sc.store.getUser(userId);
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
  const room = UUID.test(token) ? await sc.store.findRoomByKey(VISITOR, token.toLowerCase()) : undefined;
  if (!room) throw new ServerError('TOKEN_INVALID', { message: 'Invalid visitor token.' });
  return room;
}
