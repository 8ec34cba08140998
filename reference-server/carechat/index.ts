// The care chat dialect (document 002) assembled: seed, routes, socket behaviour, error rendering, target.
import type { DialectModule } from '../dialect.ts';
import type { TargetFile } from '../../core/target.ts';
import { CARECHAT_FAULTS } from './faults.ts';
import { CARECHAT_VARIANTS } from './variants.ts';
import { authRoutes } from './auth.ts';
import { chatRoutes } from './routes.ts';
import { FIXTURE_CHAT, FIXTURE_USERS, seed } from './seed.ts';
import { carechatSocket } from './socket.ts';
import { renderDrfError } from '../django.ts';

export const carechat: DialectModule = {
  id: 'carechat',
  faults: CARECHAT_FAULTS,
  variants: CARECHAT_VARIANTS,
  async create(sc) {
    await seed(sc.store);
    return {
      routes: [...authRoutes(sc), ...chatRoutes(sc)],
      renderError: (err) => renderDrfError(err, 'carechat'),
      sockets: [carechatSocket(sc)],
      async target({ baseUrl, wsUrl }) {
        const users: TargetFile['users'] = {};
        // A user's `id` is the profile the other side names in POST /chat/chats/ (D-carechat-15).
        for (const u of FIXTURE_USERS) {
          const profile = u.role === 'professional' ? u.profiles.professional : u.role === 'dual' ? undefined : u.profiles.patient;
          users[u.role] = { credentials: { username: u.username, password: u.password }, ...(profile ? { id: profile } : {}) };
        }
        // No black-box way exists to get an expired token: a validly signed one that expired an hour ago.
        users.patient!.expiredToken = await sc.jwt.sign(FIXTURE_USERS[0]!.id, 'access', Math.floor(Date.now() / 1000) - 3600);
        return { profile: 'carechat', baseUrl, wsUrl, users, fixtures: { chat: FIXTURE_CHAT } };
      },
    };
  },
};
