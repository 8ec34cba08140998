// The Medmapp dialect (document 000) assembled: seed, routes, socket behaviour, error rendering, target.
import type { DialectModule } from '../dialect.ts';
import { MEDMAPP_FAULTS } from './faults.ts';
import { MEDMAPP_FUZZ_FAULTS } from './fuzz-faults.ts';
import { MEDMAPP_VARIANTS } from './variants.ts';
import { authRoutes } from './auth.ts';
import { conversationRoutes } from './routes.ts';
import { FIXTURE_CONVERSATION, FIXTURE_USERS, seed, seedExtraConversations } from './seed.ts';
import { medmappSocket } from './socket.ts';
import { renderDrfError } from '../django.ts';

export const medmapp: DialectModule = {
  id: 'medmapp',
  faults: MEDMAPP_FAULTS,
  fuzzFaults: MEDMAPP_FUZZ_FAULTS,
  variants: MEDMAPP_VARIANTS,
  async create(sc) {
    await seed(sc.store, sc.variants.rules.seedMessages);
    await seedExtraConversations(sc.store, sc.variants.rules.extraListConversations);
    return {
      routes: [...authRoutes(sc), ...conversationRoutes(sc)],
      renderError: (err) => renderDrfError(err, 'medmapp'),
      sockets: [medmappSocket(sc)],
      async target({ baseUrl, wsUrl }) {
        const users: Record<string, { credentials: Record<string, string>; id: number; expiredToken?: string }> = {};
        for (const u of FIXTURE_USERS) users[u.role] = { credentials: { phone: u.phone, password: u.password }, id: u.id };
        // No black-box way exists to get an expired token: a validly signed one that expired an hour ago.
        users.patient!.expiredToken = await sc.jwt.sign(FIXTURE_USERS[0]!.id, 'access', Math.floor(Date.now() / 1000) - 3600);
        return { profile: 'medmapp', baseUrl, wsUrl, users, fixtures: { conversation: FIXTURE_CONVERSATION } };
      },
    };
  },
};
