// §1 and D-medmapp-14: SimpleJWT's token endpoints, and Bearer authentication for every other endpoint.
import { ServerError } from '../errors.ts';
import { readJsonBody, type RequestContext, type Route } from '../http.ts';
import type { ServerContext } from '../dialect.ts';
import type { UserRecord } from '../store.ts';
import { FIXTURE_USERS } from './seed.ts';
import { requireStrings } from '../django.ts';

export function authRoutes(sc: ServerContext): Route[] {
  const { store, jwt, faults } = sc;
  return [
    {
      method: 'POST',
      pattern: /^\/api\/token\/?$/,
      async handler(rc) {
        const { phone, password } = requireStrings(await readJsonBody(rc.req), ['phone', 'password']);
        const user = await store.findUserByLogin(phone!);
        if (!user || (user.password !== password && !faults.has('login-any-password'))) throw new ServerError('BAD_CREDENTIALS');
        const pair = await jwt.pair(user.id);
        if (faults.has('login-no-refresh')) return { status: 200, body: { access: pair.access }, schema: 'medmapp/token-response' };
        return { status: 200, body: pair, schema: 'medmapp/token-response' };
      },
    },
    {
      method: 'POST',
      pattern: /^\/api\/token\/refresh\/?$/,
      async handler(rc) {
        if (faults.has('refresh-endpoint-missing')) throw new ServerError('NOT_FOUND');
        const { refresh } = requireStrings(await readJsonBody(rc.req), ['refresh']);
        const claims = await jwt.verify(refresh!, { type: 'refresh' });
        if (!(await store.getUser(claims.userId))) throw new ServerError('TOKEN_INVALID', { message: 'User not found' });
        return { status: 200, body: { access: await jwt.sign(claims.userId, 'access') }, schema: 'medmapp/token-refresh-response' };
      },
    },
  ];
}

/** `Authorization: Bearer <access>` -> the user; 401 otherwise (DRF + SimpleJWT behaviour). */
export async function authenticate(rc: RequestContext, sc: ServerContext): Promise<UserRecord> {
  const header = rc.req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) {
    if (!header && sc.faults.has('rest-no-auth')) {
      const patient = await sc.store.getUser(FIXTURE_USERS[0]!.id);
      if (patient) return patient;
    }
    throw new ServerError('AUTH_MISSING');
  }
  const claims = await sc.jwt.verify(match[1]!, { type: 'access' });
  const user = await sc.store.getUser(claims.userId);
  if (!user) throw new ServerError('TOKEN_INVALID', { message: 'User not found' });
  return user;
}
