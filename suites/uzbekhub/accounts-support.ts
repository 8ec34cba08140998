// What the accounts checks share: accounts of a check's own (signed up with §1, the code read through the
// target file's hooks.emailCode, verified with §2, signed in with §3: D-uzbekhub-29), so that no fixture
// user is changed under the checks running beside it; sign-in as a verdict; and the 429 met outside a
// throttle check, which blocks by `throttle:<scope>` (D-uzbekhub-16).
import { randomBytes } from 'node:crypto';
import type { Json } from '../../core/json.ts';
import { FormData, type HttpResponse } from '../../client/http.ts';
import { CheckBlocked } from '../../harness/check.ts';
import { expectTrue, short } from '../../harness/verify.ts';
import { uniqueText } from '../support.ts';
import { body, type Ctx } from './support.ts';

export interface Account {
  email: string;
  password: string;
  token: string;
  id: number;
  username: string;
}

/** An address no account has: unique per call, on a reserved domain. */
export const freshEmail = (tag: string): string => `${uniqueText(tag)}@example.com`;

/** A password of 8 characters at least (§1), redacted from every report. */
export function freshPassword(ctx: Ctx): string {
  const password = `Pw-${randomBytes(6).toString('hex')}`;
  ctx.env.redactor.add(password);
  return password;
}

/** A username no account has (letters, digits and underscores, as Django's validator takes). */
export const freshUsername = (tag: string): string => uniqueText(tag).replace(/-/g, '_');

/** Signs in with §3; the access token, or undefined when refused. */
export async function signIn(ctx: Ctx, email: string, password: string): Promise<{ res: HttpResponse; token?: string }> {
  const res = await ctx.rest('auth.login', { json: { email, password } });
  const b = body(res);
  const token = (b.token as Json | undefined)?.access ?? b.access;
  return { res, ...(res.status === 200 && typeof token === 'string' ? { token } : {}) };
}

/** Sign-in with these credentials is refused: a 4xx and no token (D-uzbekhub-01 answers 400). */
export async function expectSignInRefused(ctx: Ctx, email: string, password: string, what: string): Promise<void> {
  const { res, token } = await signIn(ctx, email, password);
  expectTrue(ctx, token === undefined && res.status >= 400 && res.status < 500, {
    expected: ['HTTP 400 (or another 4xx) and no token'],
    observed: `HTTP ${res.status}: ${short(res.text, 160)}`,
    pass: `${what}: refused (${res.status})`,
    fail: `${what}: ${token ? 'signed in' : `answered ${res.status}`}`,
  });
}

/** Sign-in with these credentials works: 200 with an access token. */
export async function expectSignIn(ctx: Ctx, email: string, password: string, what: string): Promise<string> {
  const { res, token } = await signIn(ctx, email, password);
  expectTrue(ctx, token !== undefined, {
    expected: ['HTTP 200 {"status": true, "email", "token": {"access", "refresh"}}'],
    observed: `HTTP ${res.status}: ${short(res.text, 160)}`,
    pass: `${what}: signed in`,
    fail: `${what}: answered ${res.status} without an access token`,
  });
  return token!;
}

/** The code or link last emailed to `email` (hooks.emailCode): skipped without the hook, blocked when it fails. */
export const emailed = (ctx: Ctx, email: string): Promise<string> => ctx.hookValue('emailCode', { email });

/** Signs up `email` with §1; blocked by uzbekhub-account-01 when the server takes no sign-up. */
export async function signUp(ctx: Ctx, email: string, password: string): Promise<void> {
  const res = await ctx.rest('auth.signup', { json: { email, password, confirm_password: password } });
  if (res.status !== 201 && res.status !== 200) throw new CheckBlocked({ kind: 'check', id: 'uzbekhub-account-01', reason: `sign-up of a fresh address answered ${res.status}: ${short(res.text, 120)}` });
}

/**
 * An account of the check's own, active and signed in: sign-up (§1), the emailed code (hooks.emailCode),
 * email-verify (§2), sign-in (§3), my profile for its id (§7). With `username`, a username of its own is
 * set with §8 (sign-up names none). Skipped without the hook; a step that fails blocks by its check.
 */
export async function ownAccount(ctx: Ctx, tag: string, opts: { username?: boolean; firstName?: string } = {}): Promise<Account> {
  const email = freshEmail(tag);
  const password = freshPassword(ctx);
  await signUp(ctx, email, password);
  const code = await emailed(ctx, email);
  const verified = await ctx.rest('auth.emailVerify', { json: { code } });
  if (verified.status !== 200) throw new CheckBlocked({ kind: 'check', id: 'uzbekhub-email-01', reason: `email-verify with the emailed code answered ${verified.status}: ${short(verified.text, 120)}` });
  const { res, token } = await signIn(ctx, email, password);
  if (!token) throw new CheckBlocked({ kind: 'check', id: 'uzbekhub-email-01', reason: `sign-in of a verified account answered ${res.status}: ${short(res.text, 120)}` });
  const me = await ctx.rest('profile.get', { token });
  const id = body(me).id;
  if (typeof id !== 'number') throw new CheckBlocked({ kind: 'check', id: 'uzbekhub-auth-04', reason: `my profile answered ${me.status} without an integer id` });
  let username = String(body(me).username ?? '');
  if (opts.username || opts.firstName) {
    const form = new FormData();
    if (opts.username) form.append('username', (username = freshUsername(tag)));
    if (opts.firstName) form.append('first_name', opts.firstName);
    const set = await ctx.rest('profile.update', { token, form });
    if (set.status !== 200) throw new CheckBlocked({ kind: 'check', id: 'uzbekhub-account-07', reason: `PATCH my profile (username) answered ${set.status}: ${short(set.text, 120)}` });
  }
  return { email, password, token, id, username };
}

/** The value of a list body's items (a plain array or the §Pagination envelope, D-uzbekhub-48) by id. */
export const ids = (items: Json[] | undefined): number[] => (items ?? []).map((i) => Number(i.id));

const SHARED = new WeakMap<object, Map<string, Promise<Account>>>();

/**
 * An account of the run's own (with a username of its own) shared by a few checks that each touch a
 * different record of it (its location, its status, its contacts, its blocks, its search results), so that
 * the run signs up fewer accounts: every sign-up spends a request of the email_verify scope, whose limit
 * the whole run shares, being counted per address (D-uzbekhub-16). Which check uses which account is
 * listed in accounts.ts. Skipped without hooks.emailCode, as ownAccount is.
 */
export async function sharedAccount(ctx: Ctx, name: 'p' | 'q' | 'r' | 's' | 't'): Promise<Account> {
  if (!ctx.env.hooks.emailCode) await emailed(ctx, freshEmail('nobody'));
  let byName = SHARED.get(ctx.env);
  if (!byName) SHARED.set(ctx.env, (byName = new Map()));
  let made = byName.get(name);
  if (!made) {
    made = ownAccount(ctx, `shared-${name}`, { username: true });
    made.catch(() => {});
    byName.set(name, made);
  }
  return made;
}

/** A fixture role's username, as its own profile (§7) shows it; blocked by uzbekhub-auth-04 without one. */
export async function usernameOf(ctx: Ctx, role: string): Promise<string> {
  const res = await ctx.rest('profile.get', { role });
  const name = body(res).username;
  if (res.status !== 200 || typeof name !== 'string' || name === '') throw new CheckBlocked({ kind: 'check', id: 'uzbekhub-auth-04', reason: `my profile as the ${role} answered ${res.status} without a username` });
  return name;
}
