// 004 §Accounts API 1-2, 4-6, 8-16, 35-37: sign-up and its code, Google, password reset, my profile's update,
// the username check, email change, account deletion, search, user by id, public profiles, admin (staff
// only, D-uzbekhub-41); §17-34 are accounts-records.ts. The emailed codes' outbox (D-uzbekhub-29, not part
// of 004) and the throttled scopes (D-uzbekhub-16). Every change goes through `applies` (a fault answers
// success and changes nothing).
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { Readable } from 'node:stream';
import { ServerError } from '../errors.ts';
import type { RequestContext, RouteDecl } from '../http.ts';
import { REQUIRED, ack, bad, bool, decoded, idParam, object, text, type Json } from './accounts-body.ts';
import { recordRoutes } from './accounts-records.ts';
import type { ServerContext } from '../dialect.ts';
import { safeFileName } from '../media.ts';
import { issue, read, refuse, valid } from '../seams.ts';
import type { ThrottleScope } from './accounts-spec.ts';
import { loadProfile } from '../../core/profiles.ts';
import { Throttles } from './accounts-throttle.ts';
import { bearer, caller, userFromToken } from './auth.ts';
import { readMultipart, text as lastText } from './form.ts';
import { applies } from './owned.ts';
import { nextUserId, registerUser, type UzUser, type UzState } from './state.ts';
import { FORBIDDEN, profileView, publicView, userView } from './wire.ts';

type Purpose = 'signup' | 'reset' | 'email-change' | 'delete';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_PICTURE = 5 * 1024 * 1024;

/** Where the outbox is served: outside every path of 004. */
export const OUTBOX_PATH = '/_chatconform/outbox/';

/** A 5-digit code (as 004's "12345" shows), unique among the codes still waiting. */
function newCode(taken: (code: string) => boolean): string {
  for (;;) {
    const code = String(randomInt(10000, 100000));
    if (!taken(code)) return code;
  }
}

export function accountRoutes(sc: ServerContext, state: UzState): RouteDecl[] {
  const rules = sc.variants.rules;
  const throttles = new Throttles();
  /** The last code or reset link emailed to each address (D-uzbekhub-29). */
  const outbox = new Map<string, { email: string; code: string; purpose: Purpose }>();
  const signupCodes = new Map<string, number>();
  const resetLinks = new Map<string, number>();
  const emailChanges = new Map<number, { code: string; newEmail: string }>();
  const deletions = new Map<number, string>();

  const mail = (email: string, code: string, purpose: Purpose) => outbox.set(email.toLowerCase(), { email, code, purpose });

  function checkPassword(b: Json, field: string, kind: 'signup' | 'reset'): string {
    const password = text(b, field);
    const again = text(b, 'confirm_password');
    if (!valid(sc, `uz-${kind}-min-length`, password.length >= 8)) throw bad(field, 'Ensure this field has at least 8 characters.');
    if (!valid(sc, `uz-${kind}-match`, password === again)) throw bad('confirm_password', 'Passwords do not match.');
    return password;
  }

  /** §10 and §12: the caller's current password (400 when wrong, D-uzbekhub-32). */
  async function currentPassword(b: Json, user: UzUser, op: string): Promise<void> {
    const given = text(b, 'password');
    if (user.password === null || given !== user.password) await refuse(sc, 'uz-wrong-password', bad('password', 'Incorrect password.'), { op });
  }

  function uniqueUsername(wanted: string): string {
    const base = wanted.toLowerCase().replace(/[^a-z0-9_.]/g, '_').slice(0, 30) || 'user';
    let name = base;
    for (let i = 2; state.userByUsername(name); i++) name = `${base}${i}`;
    return name;
  }

  function newUser(email: string, password: string | null, active: boolean): UzUser {
    const user: UzUser = {
      role: 'user', id: nextUserId(), email, username: uniqueUsername(email.split('@')[0]!), password, firstName: '', lastName: '',
      bio: '', phone: null, isPrivate: false, isActive: active, isStaff: false, profilePicture: null, dateJoined: Date.now(), lastLogin: null,
    };
    state.users.set(user.id, user);
    registerUser(user);
    return user;
  }

  /** The caller of an AllowAny operation when it sends a valid token (throttles count it as that user). */
  async function maybeCaller(rc: RequestContext): Promise<UzUser | undefined> {
    try {
      const token = bearer(rc.req);
      return token === undefined ? undefined : await userFromToken(sc, token, 'rest');
    } catch {
      return undefined;
    }
  }

  /** A user of this server (404 for an unknown id). */
  function userOf(id: number): UzUser {
    const u = Number.isInteger(id) ? state.user(id) : undefined;
    if (!u) throw new ServerError('NOT_FOUND');
    return u;
  }

  /** D-uzbekhub-41: staff only, 403 {"detail"} for anyone else. */
  async function staff(rc: RequestContext): Promise<UzUser> {
    const user = await caller(sc, rc);
    if (!user.isStaff) await refuse(sc, 'uz-not-staff', new ServerError('FORBIDDEN_ROOM', { message: FORBIDDEN }));
    return user;
  }

  /**
   * An operation the profile marks throttled takes one request of its scope before its handler runs; one
   * needing a token, only once the caller is known (a refused request is not counted).
   */
  const profile = loadProfile('uzbekhub');
  const throttled = (route: RouteDecl): RouteDecl => {
    const op = route.op === undefined ? undefined : profile.rest[route.op];
    if (!op?.throttle) return route;
    const scope = op.throttle as ThrottleScope;
    return {
      ...route,
      handler: async (rc) => {
        throttles.take(sc, rc, scope, op.auth === 'none' ? await maybeCaller(rc) : await caller(sc, rc));
        return route.handler(rc);
      },
    };
  };

  const routes: RouteDecl[] = [
    // §1-6: sign-up, its code, Google, password reset
    {
      op: 'auth.signup',
      async handler(rc) {
        const b = await object(rc);
        const email = text(b, 'email').trim();
        if (!EMAIL.test(email)) throw bad('email', 'Enter a valid email address.');
        const password = checkPassword(b, 'password', 'signup');
        if (!valid(sc, 'uz-email-unique', !state.userByEmail(email))) throw bad('email', 'user with this email already exists.');
        if (applies(sc, 'auth.signup')) {
          const user = newUser(email, password, false);
          const code = newCode((c) => signupCodes.has(c));
          signupCodes.set(code, user.id);
          mail(email, code, 'signup');
        }
        return { status: 201, body: { status: true, user: email }, schema: 'uzbekhub/signup-response' };
      },
    },
    {
      op: 'auth.emailVerify',
      async handler(rc) {
        const code = text(await object(rc), 'code');
        const user = state.user(signupCodes.get(code) ?? NaN);
        if (!user) throw bad('code', 'Invalid or expired code.');
        if (applies(sc, 'auth.emailVerify')) {
          signupCodes.delete(code);
          user.isActive = true;
        }
        return ack('User is successfully activated');
      },
    },
    {
      op: 'auth.google',
      async handler(rc) {
        // D-uzbekhub-50: no Google here; `dev:<email>` stands for a token Google vouches for that address.
        const token = text(await object(rc), 'token');
        const dev = /^dev:([^\s@]+@[^\s@]+\.[^\s@]+)$/.exec(token);
        if (!valid(sc, 'uz-google-token', dev !== null)) throw bad('token', 'Invalid Google token.');
        const email = dev ? dev[1]! : `google-${createHash('sha256').update(token).digest('hex').slice(0, 10)}@gmail.test`;
        let user = state.userByEmail(email);
        if (!user && applies(sc, 'auth.google')) user = newUser(email, null, true);
        if (!user) throw bad('token', 'Invalid Google token.');
        // Google vouches for the address: an account still waiting for its sign-up code is active from now.
        if (applies(sc, 'auth.google')) Object.assign(user, { isActive: true, lastLogin: Date.now() });
        return { status: 200, body: issue(sc, await sc.jwt.pair(user.id)), schema: 'uzbekhub/google-oauth-response' };
      },
    },
    {
      op: 'auth.forgotPassword',
      async handler(rc) {
        const email = text(await object(rc), 'email').trim();
        if (!EMAIL.test(email)) throw bad('email', 'Enter a valid email address.');
        const user = state.userByEmail(email);
        // D-uzbekhub-31: the same answer whatever the address (no account enumeration); a variant says 404.
        if (!user && rules.uzForgotUnknown404) throw new ServerError('NOT_FOUND');
        if (user && applies(sc, 'auth.forgotPassword')) {
          const link = randomBytes(16).toString('hex');
          resetLinks.set(link, user.id);
          mail(user.email, link, 'reset');
        }
        return ack('Password reset link has been sent to your email');
      },
    },
    {
      op: 'auth.resetPassword',
      async handler(rc) {
        const b = await object(rc);
        const link = rc.params.reset_link ?? '';
        const user = state.user(resetLinks.get(link) ?? NaN);
        if (!user) throw new ServerError('NOT_FOUND');
        const password = checkPassword(b, 'new_password', 'reset');
        if (applies(sc, 'auth.resetPassword')) {
          resetLinks.delete(link);
          user.password = password;
        }
        return ack('Your password has been successfully updated');
      },
    },
    // §8-13: my profile, username, email change, deletion
    {
      op: 'profile.update',
      async handler(rc) {
        const user = await caller(sc, rc);
        const multipart = /^multipart\/form-data\b/i.test(String(rc.req.headers['content-type'] ?? ''));
        // A repeated form field counts by its last value, as Django's QueryDict.get reads it.
        const form = multipart ? await readMultipart(rc, { maxFile: MAX_PICTURE, files: 1, keep: (name) => name === 'profile_picture' }) : undefined;
        const b: Json = form ? Object.fromEntries(Object.keys(form.fields).map((k) => [k, lastText(form, k)])) : await object(rc);
        const picture = form?.files.profile_picture?.[0];
        const changes: Partial<UzUser> = {};
        for (const [field, key] of [['first_name', 'firstName'], ['last_name', 'lastName'], ['bio', 'bio']] as const) {
          if (b[field] !== undefined) changes[key] = String(b[field]);
        }
        if (b.phone !== undefined) changes.phone = b.phone === null || b.phone === '' ? null : String(b.phone);
        if (b.is_private !== undefined) {
          const v = bool(b.is_private);
          if (v === undefined) throw bad('is_private', 'Must be a valid boolean.');
          changes.isPrivate = v;
        }
        if (b.username !== undefined) {
          const name = String(b.username).trim();
          if (!/^[\w.@+-]{1,150}$/.test(name)) throw bad('username', 'Enter a valid username.');
          const other = state.userByUsername(name);
          if (!valid(sc, 'uz-username-unique', !other || other.id === user.id)) throw bad('username', 'A user with that username already exists.');
          changes.username = name;
        }
        if (b.password !== undefined) {
          const password = String(b.password);
          if (password.length < 8) throw bad('password', 'Ensure this field has at least 8 characters.');
          changes.password = password;
        }
        if (picture && picture.data.length > 0) {
          const path = `profile_pictures/${user.id}_${randomBytes(4).toString('hex')}_${safeFileName(picture.name)}`;
          if (applies(sc, 'profile.update')) await sc.media.save(path, Readable.from([picture.data]), () => false);
          changes.profilePicture = `${rc.origin}/media/${path}`;
        }
        if (applies(sc, 'profile.update')) Object.assign(user, changes);
        return { status: 200, body: profileView(user, state), schema: 'uzbekhub/profile-response' };
      },
    },
    {
      op: 'username.check',
      async handler(rc) {
        const user = await caller(sc, rc);
        const name = rc.url.searchParams.get('username');
        if (!valid(sc, 'uz-username-param', name !== null && name.trim() !== '')) throw bad('username', REQUIRED);
        const holder = name ? state.userByUsername(name.trim()) : undefined;
        const taken = holder !== undefined && !(rules.uzOwnUsernameAvailable && holder.id === user.id);
        return { status: 200, body: { available: !read(sc, 'uz.username.taken', taken, { user }) }, schema: 'uzbekhub/username-check-response' };
      },
    },
    {
      op: 'email.change',
      async handler(rc) {
        const user = await caller(sc, rc);
        const b = await object(rc);
        const email = text(b, 'new_email').trim();
        if (!EMAIL.test(email)) throw bad('new_email', 'Enter a valid email address.');
        await currentPassword(b, user, 'email.change');
        const other = state.userByEmail(email);
        if (other && other.id !== user.id) throw bad('new_email', 'user with this email already exists.');
        if (applies(sc, 'email.change')) {
          const code = newCode(() => false);
          emailChanges.set(user.id, { code, newEmail: email });
          mail(email, code, 'email-change');
        }
        return ack('A verification code has been sent to your new email address to update your email.');
      },
    },
    {
      op: 'email.changeConfirm',
      async handler(rc) {
        const user = await caller(sc, rc);
        const code = text(await object(rc), 'code');
        const pending = emailChanges.get(user.id);
        if (!pending || !valid(sc, 'uz-change-code-matches', pending.code === code)) throw bad('code', 'Invalid or expired code.');
        const holder = state.userByEmail(pending.newEmail);
        if (holder && holder.id !== user.id) throw bad('code', 'The new email address is taken.');
        if (applies(sc, 'email.changeConfirm')) {
          emailChanges.delete(user.id);
          user.email = pending.newEmail;
        }
        return ack('Email successfully updated');
      },
    },
    {
      op: 'account.delete',
      async handler(rc) {
        const user = await caller(sc, rc);
        await currentPassword(await object(rc), user, 'account.delete');
        if (applies(sc, 'account.delete')) {
          const code = newCode(() => false);
          deletions.set(user.id, code);
          mail(user.email, code, 'delete');
        }
        return ack('Verification code sent to email');
      },
    },
    {
      op: 'account.deleteConfirm',
      async handler(rc) {
        const user = await caller(sc, rc);
        const code = text(await object(rc), 'code');
        const pending = deletions.get(user.id);
        if (pending === undefined || !valid(sc, 'uz-delete-code-matches', pending === code)) throw bad('code', 'Invalid or expired code.');
        if (applies(sc, 'account.deleteConfirm')) {
          deletions.delete(user.id);
          state.deleteUser(user.id);
        }
        return { status: 204 };
      },
    },
    // §14-16: search, user by id, public profile
    {
      op: 'users.search',
      async handler(rc) {
        const user = await caller(sc, rc);
        const key = decoded(rc.params.key).toLowerCase();
        const matches = [...state.users.values()].filter((u) => u.id !== user.id && u.isActive && [u.username, u.firstName, u.lastName].some((f) => f.toLowerCase().includes(key)));
        const hits = read(sc, 'uz.search.hits', matches, { user });
        // D-uzbekhub-35: both directions hide; a variant hides only the users the caller blocked.
        const hidden = (u: UzUser) => {
          const mine = [...state.blocks.values()].some((x) => x.userId === user.id && x.blockedId === u.id);
          const theirs = [...state.blocks.values()].some((x) => x.userId === u.id && x.blockedId === user.id);
          return read(sc, 'uz.search.hides', mine, { direction: 'mine' }) || read(sc, 'uz.search.hides', theirs && !rules.uzSearchHidesOwnBlocksOnly, { direction: 'theirs' });
        };
        return { status: 200, body: hits.filter((u) => !hidden(u)).map(userView), schema: 'uzbekhub/user-list-response' };
      },
    },
    {
      op: 'users.get',
      async handler(rc) {
        await caller(sc, rc);
        const u = userOf(idParam(rc));
        return rules.uzUserByIdArray ? { status: 200, body: [userView(u)], schema: 'uzbekhub/user-list-response' } : { status: 200, body: userView(u), schema: 'uzbekhub/user' };
      },
    },
    {
      op: 'users.publicProfile',
      async handler(rc) {
        const found = state.userByUsername(decoded(rc.params.username));
        const u = read(sc, 'uz.public.user', found?.isActive ? found : undefined);
        if (!u) throw new ServerError('NOT_FOUND');
        return { status: 200, body: publicView(u), schema: 'uzbekhub/public-profile-response' };
      },
    },
    // §35-37: admin (D-uzbekhub-41)
    {
      op: 'admin.users.list',
      async handler(rc) {
        await staff(rc);
        return { status: 200, body: [...state.users.values()].sort((a, b) => a.id - b.id).map(userView), schema: 'uzbekhub/user-list-response' };
      },
    },
    {
      op: 'admin.users.get',
      async handler(rc) {
        await staff(rc);
        return { status: 200, body: userView(userOf(idParam(rc))), schema: 'uzbekhub/user' };
      },
    },
    {
      op: 'admin.users.delete',
      async handler(rc) {
        await staff(rc);
        const u = userOf(idParam(rc));
        if (applies(sc, 'admin.users.delete')) state.deleteUser(u.id);
        return { status: 204 };
      },
    },
    ...recordRoutes(sc, state),
    // D-uzbekhub-29: what a black-box client cannot read, the last mail to an address; not part of 004.
    {
      method: 'GET',
      pattern: new RegExp(`^${OUTBOX_PATH.replace(/\//g, '\\/')}?$`),
      undocumented: 'the outbox of emailed codes and reset links (D-uzbekhub-29): the target file\'s hooks.emailCode reads it',
      async handler(rc: RequestContext) {
        const email = (rc.url.searchParams.get('email') ?? '').trim().toLowerCase();
        const last = outbox.get(email);
        if (!last) throw new ServerError('NOT_FOUND');
        return { status: 200, body: last };
      },
    },
  ];
  return routes.map(throttled);
}
