// SimpleJWT's TokenObtainPairView and TokenRefreshView, as every JWT dialect's document implies
// (D-medmapp-14, D-carinfopro-01): only the login field and the response schemas differ.
import { requireStrings } from './django.ts';
import type { ServerContext } from './dialect.ts';
import { ServerError } from './errors.ts';
import { readJsonBody, type RouteDecl } from './http.ts';
import { issue, refuse } from './seams.ts';

export interface SimpleJwtOptions {
  /** USERNAME_FIELD: `phone` for Medmapp, `username` for CarInfoPro. */
  loginField: string;
  /** schema keys of the two responses */
  schemas: { pair: string; refresh: string };
}

export function simpleJwtRoutes(sc: ServerContext, opts: SimpleJwtOptions): RouteDecl[] {
  const { store, jwt } = sc;
  // The auth seam of the `login-elsewhere` variant: the same views mounted elsewhere, the documented paths 404.
  const moved = sc.variants.effect.login;
  const loginField = moved?.fields[opts.loginField] ?? opts.loginField;
  return [
    {
      op: 'auth.login',
      ...(moved ? { path: moved.path } : {}),
      async handler(rc) {
        const body = requireStrings(await readJsonBody(rc.req), [loginField, 'password']);
        const user = await store.findUserByLogin(body[loginField]!);
        if (!user) throw new ServerError('BAD_CREDENTIALS');
        if (user.password !== body.password) await refuse(sc, 'wrong-password', new ServerError('BAD_CREDENTIALS'));
        const tokens = issue(sc, await jwt.pair(user.id));
        if (moved?.nested) {
          const who = { id: user.id, full_name: user.fullName, role: user.role, ...(user.phone ? { phone: user.phone } : {}) };
          return { status: 200, body: { tokens, user: who } };
        }
        return { status: 200, body: tokens, schema: opts.schemas.pair };
      },
    },
    {
      op: 'auth.refresh',
      ...(moved ? { path: moved.refreshPath } : {}),
      async handler(rc) {
        const { refresh } = requireStrings(await readJsonBody(rc.req), ['refresh']);
        const claims = await jwt.verify(refresh!, { type: 'refresh' });
        if (!(await store.getUser(claims.userId))) throw new ServerError('TOKEN_INVALID', { message: 'User not found' });
        return { status: 200, body: { access: await jwt.sign(claims.userId, 'access') }, schema: opts.schemas.refresh };
      },
    },
  ];
}
