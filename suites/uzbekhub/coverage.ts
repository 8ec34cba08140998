// What 004 shows, by the MUST checks that judge it (harness/coverage.ts; test/suites/coverage.test.ts): the
// chat's by hand, and every operation by the MUST checks the families generate for it (the same plan the
// checks come from, so an operation added to the profile is covered without a line here).
import type { Coverage } from '../../harness/coverage.ts';
import { loadProfile } from '../../core/profiles.ts';
import { familyPlan } from '../families/rest-plan.ts';
import { familyData } from './operations-plan.ts';
import { operationChecks } from './operations.ts';

/** The generated checks about each operation, and those of them that are MUST. */
const must = new Set(operationChecks.filter((c) => c.level === 'MUST').map((c) => c.id));
const all: Record<string, string[]> = {};
for (const c of familyPlan(loadProfile('uzbekhub'), familyData)) (all[`rest:${c.op.name}`] ??= []).push(c.id);
const families = Object.fromEntries(Object.entries(all).map(([item, ids]) => [item, ids.filter((id) => must.has(id))]).filter(([, ids]) => ids!.length > 0));
const merge = (hand: Record<string, string[]>): Record<string, string[]> => {
  const out: Record<string, string[]> = { ...families };
  for (const [item, ids] of Object.entries(hand)) out[item] = [...ids, ...(out[item] ?? [])];
  return out;
};
const NO_CODE = '004 names no close code (D-uzbekhub-08): the refusal is judged by uzbekhub-access-* and its code by uzbekhub-close-* (SHOULD)';
const EVENT_ONLY = '§Message Events names the event, but 004 shows neither its shape nor a client frame that triggers it (D-uzbekhub-09, D-uzbekhub-10)';

export const coverage: Coverage = {
  checks: all,
  must: merge({
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
    // accounts by hand (suites/uzbekhub/accounts.ts, email.ts)
    'rest:auth.signup': ['uzbekhub-account-01'],
    'rest:auth.emailVerify': ['uzbekhub-email-01'],
    'rest:auth.forgotPassword': ['uzbekhub-email-03'],
    'rest:auth.resetPassword': ['uzbekhub-email-03'],
    'rest:profile.update': ['uzbekhub-account-07'],
    'rest:username.check': ['uzbekhub-account-05'],
    'rest:email.change': ['uzbekhub-email-05'],
    'rest:email.changeConfirm': ['uzbekhub-email-05'],
    'rest:account.delete': ['uzbekhub-email-07'],
    'rest:account.deleteConfirm': ['uzbekhub-email-07'],
    'rest:users.search': ['uzbekhub-account-09'],
    'rest:users.get': ['uzbekhub-account-12'],
    'rest:users.publicProfile': ['uzbekhub-account-14'],
    'rest:location.create': ['uzbekhub-account-16'],
    'rest:location.update': ['uzbekhub-account-16'],
    'rest:location.delete': ['uzbekhub-account-16'],
    'rest:location.search': ['uzbekhub-account-18'],
    'rest:blocks.list': ['uzbekhub-account-19'],
    'rest:blocks.create': ['uzbekhub-account-19'],
    'rest:blocks.get': ['uzbekhub-account-19'],
    'rest:blocks.delete': ['uzbekhub-account-19'],
    'rest:status.get': ['uzbekhub-account-21'],
    'rest:status.create': ['uzbekhub-account-21'],
    'rest:status.update': ['uzbekhub-account-21'],
    'rest:status.delete': ['uzbekhub-account-21'],
    'rest:contacts.list': ['uzbekhub-account-24'],
    'rest:contacts.create': ['uzbekhub-account-24'],
    'rest:contacts.get': ['uzbekhub-account-24'],
    'rest:contacts.delete': ['uzbekhub-account-24'],
    'rest:contacts.update': ['uzbekhub-account-25'],
    'rest:contacts.patch': ['uzbekhub-account-25'],
    'rest:admin.users.list': ['uzbekhub-account-27'],
    'rest:admin.users.get': ['uzbekhub-account-27'],
    'rest:admin.users.delete': ['uzbekhub-account-27'],
  }),
  exceptions: {
    'frame:message_edited': EVENT_ONLY,
    'frame:user_typing': EVENT_ONLY,
    'frame:message_read': EVENT_ONLY,
    'frame:error': '004 shows no socket error (D-uzbekhub-10): uzbekhub-ws-10..12 (SHOULD)',
    'rest:auth.refresh': '§Best Practices asks to refresh, but 004 names no refresh endpoint (D-uzbekhub-01): uzbekhub-auth-03 and uzbekhub-authn-005 (SHOULD)',
    'close:4000': NO_CODE,
    'close:4001': NO_CODE,
    'close:4003': NO_CODE,
  },
};
