// The Fiko dialect (document 001) assembled: seed, SimpleJWT login, the two sockets (conversation list and
// chat), the customer-message hook, error rendering and the target file.
import type { DialectModule } from '../dialect.ts';
import { renderDrfError } from '../django.ts';
import { FIKO_FAULTS } from './faults.ts';
import { FIKO_VARIANTS } from './variants.ts';
import { authRoutes } from './auth.ts';
import { chatSocket } from './chat-socket.ts';
import { CUSTOMER_HOOK_PATH, customerHookRoute } from './customer-hook.ts';
import { listSocket } from './list-socket.ts';
import { FIXTURE_AGENTS, FIXTURE_CONVERSATION, seed } from './seed.ts';

export const fiko: DialectModule = {
  id: 'fiko',
  faults: FIKO_FAULTS,
  variants: FIKO_VARIANTS,
  async create(sc) {
    await seed(sc.store);
    return {
      routes: [...authRoutes(sc), customerHookRoute(sc)],
      renderError: (err) => renderDrfError(err, 'fiko'),
      sockets: [listSocket(sc), chatSocket(sc)],
      async target({ baseUrl, wsUrl }) {
        const users: Record<string, { credentials?: Record<string, string>; id?: number; expiredToken?: string }> = {};
        for (const a of FIXTURE_AGENTS) users[a.role] = { credentials: { username: a.username, password: a.password }, id: a.id };
        // No black-box way exists to get an expired token: a validly signed one that expired an hour ago.
        users.agent!.expiredToken = await sc.jwt.sign(FIXTURE_AGENTS[0]!.id, 'access', Math.floor(Date.now() / 1000) - 3600);
        return {
          profile: 'fiko',
          baseUrl,
          wsUrl,
          users,
          fixtures: { conversation: FIXTURE_CONVERSATION },
          hooks: { customerMessage: { http: { method: 'POST', path: CUSTOMER_HOOK_PATH, body: { conversation: '{conversation}', text: '{text}' } } } },
        };
      },
    };
  },
};
