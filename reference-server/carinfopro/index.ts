// The CarInfoPro dialect (document 003) assembled: seed, routes, socket behaviour, error rendering, target.
import type { DialectModule } from '../dialect.ts';
import { CARINFOPRO_FAULTS } from './faults.ts';
import { CARINFOPRO_FUZZ_FAULTS } from './fuzz-faults.ts';
import { CARINFOPRO_VARIANTS } from './variants.ts';
import { authRoutes } from './auth.ts';
import { chatRoutes } from './routes.ts';
import { FIXTURE_OWNERS, FIXTURE_ROOM, seed } from './seed.ts';
import { carinfoproSocket } from './socket.ts';
import { renderDrfError } from '../django.ts';

export const carinfopro: DialectModule = {
  id: 'carinfopro',
  faults: CARINFOPRO_FAULTS,
  fuzzFaults: CARINFOPRO_FUZZ_FAULTS,
  variants: CARINFOPRO_VARIANTS,
  async create(sc) {
    const { visitorToken } = await seed(sc.store);
    return {
      routes: [...authRoutes(sc), ...chatRoutes(sc)],
      renderError: (err) => renderDrfError(err, 'carinfopro'),
      sockets: [carinfoproSocket(sc)],
      async target({ baseUrl, wsUrl }) {
        const users: Record<string, { credentials?: Record<string, string>; token?: string; id?: string; expiredToken?: string }> = {};
        for (const o of FIXTURE_OWNERS) users[o.role] = { credentials: { username: o.username, password: o.password }, id: o.id };
        // No black-box way exists to get an expired token: a validly signed one that expired an hour ago.
        users.owner!.expiredToken = await sc.jwt.sign(FIXTURE_OWNERS[0]!.id, 'access', Math.floor(Date.now() / 1000) - 3600);
        users.visitor = { token: visitorToken };
        return { profile: 'carinfopro', baseUrl, wsUrl, users, fixtures: { room: FIXTURE_ROOM } };
      },
    };
  },
};
