// The UzbekHub dialect (document 004), its chat: sign-in and my profile, rooms, members and their roles,
// limit/offset history, files, and the room socket; seed, routes, socket, error rendering, target file.
import { randomUUID } from 'node:crypto';
import type { DialectModule } from '../dialect.ts';
import type { TargetFile } from '../../core/target.ts';
import { UZBEKHUB_FAULTS } from './faults.ts';
import { UZBEKHUB_VARIANTS } from './variants.ts';
import { authRoutes } from './auth.ts';
import { chatRoutes } from './routes.ts';
import { accountRoutes } from './accounts.ts';
import { ARCHIVE_HOOK, socialRoutes } from './social.ts';
import { uzbekhubSocket } from './socket.ts';
import { listSeam } from './variants-lists.ts';
import { FIXTURE_PRIVATE_ROOM, FIXTURE_ROOM, FIXTURE_USERS, UzState, bindState, seed } from './state.ts';
import { OUTBOX_PATH } from './accounts.ts';
import { THROTTLE_RATE, THROTTLE_SCOPES } from './accounts-throttle.ts';
import { renderError } from './wire.ts';
import './spec.ts';

export const uzbekhub: DialectModule = {
  id: 'uzbekhub',
  faults: UZBEKHUB_FAULTS,
  variants: UZBEKHUB_VARIANTS,
  singleProcess: 'its rooms, member roles and files are kept by the dialect, not in the shared Store',
  async create(sc) {
    const state = new UzState();
    seed(state, randomUUID);
    bindState(sc, state);
    // The shared store knows the users too (logs, generic tools); the chat's records are the dialect's.
    for (const u of FIXTURE_USERS) await sc.store.putUser({ id: u.id, role: u.role, fullName: `${u.firstName} ${u.lastName}`, login: u.email, password: u.password! });
    return {
      routes: listSeam(sc, [...authRoutes(sc), ...chatRoutes(sc, state), ...accountRoutes(sc, state), ...socialRoutes(sc, state)]),
      renderError: (err) => renderError(err, sc.variants.rules),
      sockets: [uzbekhubSocket(sc, state)],
      async target({ baseUrl, wsUrl }) {
        const users: TargetFile['users'] = {};
        for (const u of FIXTURE_USERS) users[u.role] = { credentials: { email: u.email, password: u.password! }, id: u.id };
        // No black-box way exists to get an expired token: a validly signed one that expired an hour ago.
        users.owner!.expiredToken = await sc.jwt.sign(FIXTURE_USERS[0]!.id, 'access', Math.floor(Date.now() / 1000) - 3600);
        return {
          profile: 'uzbekhub', baseUrl, wsUrl, users, fixtures: { room: FIXTURE_ROOM, privateRoom: FIXTURE_PRIVATE_ROOM },
          // D-uzbekhub-29: the outbox answers {email, code, purpose}; D-uzbekhub-16: its own limits.
          hooks: { emailCode: { http: { method: 'GET', path: `${OUTBOX_PATH}?email={email}`, value: 'code' } }, archiveStory: ARCHIVE_HOOK },
          throttles: Object.fromEntries(THROTTLE_SCOPES.map((s) => [s, THROTTLE_RATE])),
        };
      },
    };
  },
};
