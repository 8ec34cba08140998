// UzbekHub's part-2 fault switches (faults-accounts): each turns off exactly one promise of 004 §Accounts API
// or of a decision on it, so that its check (suites/uzbekhub/accounts.ts, email.ts, throttles.ts) can be shown
// to fail. Effects go through `uz.effect` (success answered, nothing changed), validators through their
// rules, values through reads; see faults.ts. Names and check ids are a contract: never rename, only add.
import type { FaultContext, FaultSpec, Json, Rule } from '../fault-spec.ts';
import type { Reply } from '../http.ts';
import { editBody } from '../fault-edits.ts';
import './accounts-spec.ts';
import type { ThrottleScope } from './accounts-spec.ts';
import { FIXTURE_USERS } from './state.ts';

/** One operation answers success and changes nothing. */
const noEffect = (op: string) => (applies: boolean, ctx: FaultContext): boolean => (ctx.op === op ? false : applies);
/** One scope is not throttled at all. */
const unthrottled = (scope: ThrottleScope) => (spec: { limit: number; windowMs: number } | null, ctx: FaultContext) => (ctx.scope === scope ? null : spec);
/** A validator's rule overturned: what it refuses is taken. */
const lenient = (rule: Rule) => ({ rule, verdict: true });

export const ACCOUNT_FAULTS = [
  // §1-4: sign-up, its validation, Google
  { name: 'signup-status-200', breaks: 'sign-up answers 200, not 201', check: 'uzbekhub-account-01', seam: 'reply', reply: { schema: 'uzbekhub/signup-response', edit: (r: Reply) => ({ ...r, status: 200 }) } },
  { name: 'signup-short-password-accepted', breaks: 'sign-up takes a password of 7 characters', check: 'uzbekhub-account-02', seam: 'valid', valid: lenient('uz-signup-min-length') },
  { name: 'signup-mismatch-accepted', breaks: 'sign-up takes a confirm_password that differs', check: 'uzbekhub-account-02', seam: 'valid', valid: lenient('uz-signup-match') },
  { name: 'signup-duplicate-accepted', breaks: 'sign-up takes an email already signed up', check: 'uzbekhub-account-02', seam: 'valid', valid: lenient('uz-email-unique') },
  {
    name: 'bad-request-fields-unnamed', breaks: '400 bodies put every message under details.non_field_errors, naming no field', check: 'uzbekhub-account-03', seam: 'reply',
    reply: { error: (r: Reply) => (r.status === 400 ? { ...r, body: { error: 'Invalid request data', details: { non_field_errors: ['Invalid input.'] } } } : r) },
  },
  { name: 'google-any-token', breaks: 'Google login issues a JWT pair for any token', check: 'uzbekhub-account-04', seam: 'valid', valid: lenient('uz-google-token') },
  // §8-9: my profile, the username check
  { name: 'username-taken-available', breaks: 'the username check answers every username available', check: 'uzbekhub-account-05', seam: 'read', read: { 'uz.username.taken': () => false } },
  { name: 'username-check-no-param-200', breaks: 'the username check without `username` answers 200', check: 'uzbekhub-account-06', seam: 'valid', valid: lenient('uz-username-param') },
  { name: 'profile-update-ignored', breaks: 'PATCH my profile answers 200 and changes nothing', check: 'uzbekhub-account-07', seam: 'read', read: { 'uz.effect': noEffect('profile.update') } },
  { name: 'username-duplicate-accepted', breaks: 'PATCH my profile takes a username another user has', check: 'uzbekhub-account-08', seam: 'valid', valid: lenient('uz-username-unique') },
  // §14-16: search, user by id, public profile
  { name: 'search-finds-nobody', breaks: 'search answers an empty list whatever the key', check: 'uzbekhub-account-09', seam: 'read', read: { 'uz.search.hits': () => [] } },
  { name: 'search-shows-blocked', breaks: 'search lists users whatever the blocks', check: 'uzbekhub-account-10', seam: 'read', read: { 'uz.search.hides': () => false } },
  {
    name: 'search-shows-who-blocked-me', breaks: 'search lists the users who blocked the caller', check: 'uzbekhub-account-11', seam: 'read',
    read: { 'uz.search.hides': (hides: boolean, ctx: FaultContext) => (ctx.direction === 'theirs' ? false : hides) },
  },
  { name: 'user-by-id-404', breaks: 'a user by id answers 404', check: 'uzbekhub-account-12', seam: 'reply', reply: { schema: ['uzbekhub/user', 'uzbekhub/user-list-response'], fail: 'NOT_FOUND' } },
  { name: 'user-by-id-as-list', breaks: 'a user by id answers a one-item array', check: 'uzbekhub-account-13', seam: 'reply', reply: { schema: 'uzbekhub/user', edit: (r: Reply) => editBody(r, (b) => [b]) } },
  { name: 'public-profile-needs-token', breaks: 'the public profile answers 401 without a token', check: 'uzbekhub-account-14', seam: 'reply', reply: { schema: 'uzbekhub/public-profile-response', fail: 'AUTH_MISSING' } },
  { name: 'public-profile-unknown-200', breaks: 'the public profile of an unknown username answers someone\'s', check: 'uzbekhub-account-15', seam: 'read', read: { 'uz.public.user': (u) => u ?? FIXTURE_USERS[0] } },
  // §17-20: locations
  { name: 'location-update-ignored', breaks: 'PUT of my location answers 200 and keeps the old coordinates', check: 'uzbekhub-account-16', seam: 'read', read: { 'uz.effect': noEffect('location.update') } },
  { name: 'second-location-accepted', breaks: 'a second location of the same user is created', check: 'uzbekhub-account-17', seam: 'valid', valid: lenient('uz-one-location') },
  { name: 'nearby-ignores-distance', breaks: 'search by location lists every located user, however far', check: 'uzbekhub-account-18', seam: 'read', read: { 'uz.nearby.within': () => true } },
  // §21-24: blocks
  { name: 'unblock-ignored', breaks: 'unblock answers 204 and the block stays', check: 'uzbekhub-account-19', seam: 'read', read: { 'uz.effect': noEffect('blocks.delete') } },
  { name: 'self-block-accepted', breaks: 'a user may block themselves', check: 'uzbekhub-account-20', seam: 'valid', valid: lenient('uz-block-not-self') },
  // §25-28: status
  { name: 'status-update-ignored', breaks: 'PUT of my status answers 200 and keeps the old content', check: 'uzbekhub-account-21', seam: 'read', read: { 'uz.effect': noEffect('status.update') } },
  { name: 'status-over-55-accepted', breaks: 'a status of 56 characters is created', check: 'uzbekhub-account-22', seam: 'valid', valid: lenient('uz-status-max-55') },
  { name: 'second-status-accepted', breaks: 'a second status of the same user is created', check: 'uzbekhub-account-23', seam: 'valid', valid: lenient('uz-one-status') },
  // §29-34: contacts
  { name: 'contact-delete-ignored', breaks: 'DELETE of a contact answers 204 and the contact stays', check: 'uzbekhub-account-24', seam: 'read', read: { 'uz.effect': noEffect('contacts.delete') } },
  { name: 'contact-put-ignored', breaks: 'PUT of a contact answers 200 and changes nothing', check: 'uzbekhub-account-25', seam: 'read', read: { 'uz.effect': noEffect('contacts.update') } },
  { name: 'contact-patch-ignored', breaks: 'PATCH of a contact answers 200 and changes nothing', check: 'uzbekhub-account-25', seam: 'read', read: { 'uz.effect': noEffect('contacts.patch') } },
  { name: 'self-contact-accepted', breaks: 'a user may add themselves as a contact', check: 'uzbekhub-account-26', seam: 'valid', valid: lenient('uz-contact-not-self') },
  // §35-37: admin
  { name: 'admin-for-anyone', breaks: 'the admin endpoints serve any signed-in user', check: 'uzbekhub-account-27', seam: 'auth', waive: { reason: 'uz-not-staff' } },
  { name: 'admin-list-empty', breaks: 'the admin user list is always empty', check: 'uzbekhub-account-28', seam: 'reply', reply: { schema: 'uzbekhub/user-list-response', edit: (r: Reply) => (r.status === 200 ? { ...r, body: [] } : r) } },
  { name: 'admin-delete-ignored', breaks: 'an admin DELETE answers 204 and the user stays', check: 'uzbekhub-account-29', seam: 'read', read: { 'uz.effect': noEffect('admin.users.delete') } },
  // §1-3, 5-6, 10-13: the email flows
  { name: 'verify-does-not-activate', breaks: 'email-verify answers 200 and the account stays inactive', check: 'uzbekhub-email-01', seam: 'read', read: { 'uz.effect': noEffect('auth.emailVerify') } },
  { name: 'inactive-signs-in', breaks: 'an account signs in before its code is verified', check: 'uzbekhub-email-02', seam: 'valid', valid: lenient('uz-active-to-sign-in') },
  { name: 'reset-ignored', breaks: 'reset-password answers 200 and keeps the old password', check: 'uzbekhub-email-03', seam: 'read', read: { 'uz.effect': noEffect('auth.resetPassword') } },
  { name: 'reset-mismatch-accepted', breaks: 'reset-password takes a confirm_password that differs', check: 'uzbekhub-email-04', seam: 'valid', valid: lenient('uz-reset-match') },
  { name: 'email-change-ignored', breaks: 'change-email confirm answers 200 and keeps the old email', check: 'uzbekhub-email-05', seam: 'read', read: { 'uz.effect': noEffect('email.changeConfirm') } },
  {
    name: 'change-email-any-password', breaks: 'change-email takes a wrong current password', check: 'uzbekhub-email-06', seam: 'auth',
    waive: { reason: 'uz-wrong-password', as: (ctx: FaultContext) => (ctx.op === 'email.change' ? true : undefined) },
  },
  { name: 'delete-ignored', breaks: 'delete confirm answers 204 and the account stays', check: 'uzbekhub-email-07', seam: 'read', read: { 'uz.effect': noEffect('account.deleteConfirm') } },
  { name: 'delete-any-code', breaks: 'delete confirm takes a wrong code', check: 'uzbekhub-email-08', seam: 'valid', valid: lenient('uz-delete-code-matches') },
  // §Rate Limiting and §Error Responses 429
  { name: 'profile-search-unthrottled', breaks: 'the profile_search scope is not throttled', check: 'uzbekhub-throttle-01', seam: 'read', read: { 'uz.throttle': unthrottled('profile_search') } },
  { name: 'public-profile-unthrottled', breaks: 'the public_profile scope is not throttled', check: 'uzbekhub-throttle-02', seam: 'read', read: { 'uz.throttle': unthrottled('public_profile') } },
  {
    name: 'throttled-drf-body', breaks: '429 bodies are DRF\'s {"detail": "Request was throttled. Expected available in N seconds."}, not {message, wait_seconds}', check: 'uzbekhub-throttle-02', seam: 'reply',
    reply: { error: (r: Reply) => (r.status === 429 ? { ...r, body: { detail: `Request was throttled. Expected available in ${String((r.body as Json | undefined)?.wait_seconds ?? 60)} seconds.` }, schema: undefined } : r) },
  },
  { name: 'email-verify-unthrottled', breaks: 'the email_verify scope is not throttled', check: 'uzbekhub-throttle-03', seam: 'read', read: { 'uz.throttle': unthrottled('email_verify') } },
  { name: 'forget-password-unthrottled', breaks: 'the forget_password scope is not throttled', check: 'uzbekhub-throttle-04', seam: 'read', read: { 'uz.throttle': unthrottled('forget_password') } },
  { name: 'new-password-unthrottled', breaks: 'the new_password scope is not throttled', check: 'uzbekhub-throttle-05', seam: 'read', read: { 'uz.throttle': unthrottled('new_password') } },
] as const satisfies readonly FaultSpec[];
