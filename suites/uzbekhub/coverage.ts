// What 004's chat shows, by the MUST checks that judge it (harness/coverage.ts; test/suites/coverage.test.ts).
// The rest of 004 (accounts, posts, stories, comments) is part 2 of the dialect: its operations are listed
// as exceptions until their checks exist, so that each one added must leave this list.
import type { Coverage } from '../../harness/coverage.ts';
import { loadProfile } from '../../core/profiles.ts';

const CHAT = /^(rooms|members|messages|files)\./;
const BUILT = new Set(['auth.signin', 'profile.get', 'auth.refresh']);
const NO_CODE = '004 names no close code (D-uzbekhub-08): the refusal is judged by uzbekhub-access-* and its code by uzbekhub-close-* (SHOULD)';
const EVENT_ONLY = '§Message Events names the event, but 004 shows neither its shape nor a client frame that triggers it (D-uzbekhub-09, D-uzbekhub-10)';

const partTwo = Object.fromEntries(
  Object.keys(loadProfile('uzbekhub').rest)
    .filter((op) => !CHAT.test(op) && !BUILT.has(op))
    .map((op) => [`rest:${op}`, 'part 2 of 004 (accounts, posts, stories, comments): not served or checked yet']),
);

export const coverage: Coverage = {
  must: {
    'frame:chat_message': ['uzbekhub-ws-01'],
    'frame:message_deleted': ['uzbekhub-history-06'],
    'rest:auth.signin': ['uzbekhub-auth-01'],
    'rest:profile.get': ['uzbekhub-auth-04'],
    'rest:rooms.list': ['uzbekhub-rooms-01'],
    'rest:rooms.create': ['uzbekhub-rooms-02'],
    'rest:rooms.get': ['uzbekhub-rooms-07'],
    'rest:rooms.update': ['uzbekhub-rooms-08'],
    'rest:rooms.delete': ['uzbekhub-rooms-09'],
    'rest:rooms.clearMessages': ['uzbekhub-rooms-11'],
    'rest:members.list': ['uzbekhub-members-01'],
    'rest:members.join': ['uzbekhub-members-02'],
    'rest:members.leave': ['uzbekhub-members-03'],
    'rest:members.setAdmin': ['uzbekhub-members-04'],
    'rest:members.removeAdmin': ['uzbekhub-members-05'],
    'rest:members.transferOwner': ['uzbekhub-members-06'],
    'rest:members.add': ['uzbekhub-members-07'],
    'rest:members.remove': ['uzbekhub-members-08'],
    'rest:messages.list': ['uzbekhub-history-01'],
    'rest:messages.delete': ['uzbekhub-history-06'],
    'rest:files.list': ['uzbekhub-files-02'],
    'rest:files.upload': ['uzbekhub-files-01'],
    'rest:files.delete': ['uzbekhub-files-04'],
  },
  exceptions: {
    'frame:message_edited': EVENT_ONLY,
    'frame:user_typing': EVENT_ONLY,
    'frame:message_read': EVENT_ONLY,
    'frame:error': '004 shows no socket error (D-uzbekhub-10): uzbekhub-ws-10..12 (SHOULD)',
    'rest:auth.refresh': '§Best Practices asks to refresh, but 004 names no refresh endpoint (D-uzbekhub-01)',
    'close:4000': NO_CODE,
    'close:4001': NO_CODE,
    'close:4003': NO_CODE,
    ...partTwo,
  },
};
