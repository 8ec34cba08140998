// 004 §Accounts API 1-2, 4-6, 8-37: sign-up and its code, password reset, my profile's update, email change,
// account deletion, search, public profiles, locations, blocks, status, contacts, admin; the emailed codes'
// outbox (D-uzbekhub-29, not part of 004) and the throttled scopes (D-uzbekhub-16). Every change goes
// through `applies` (a fault answers success and changes nothing); the caller's own records through the
// owner seam, answered 404 for someone else's as D-uzbekhub-38 and -40 decide.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { Readable } from 'node:stream';
import busboy from 'busboy';
import { ServerError } from '../errors.ts';
import { readJsonBody, type RequestContext, type RouteDecl } from '../http.ts';
import type { ServerContext } from '../dialect.ts';
import { guessMime, safeFileName } from '../media.ts';
import { issue, read, refuse, valid } from '../seams.ts';
import './accounts-spec.ts';
import { Throttles } from './accounts-throttle.ts';
import { bearer, caller, userFromToken } from './auth.ts';
import { applies } from './owned.ts';
import { nextUserId, registerUser, type UzUser, type UzState } from './state.ts';
import { FORBIDDEN, blockView, contactView, locationView, profileView, publicView, statusView, userView } from './wire.ts';

type Json = Record<string, unknown>;
type Purpose = 'signup' | 'reset' | 'email-change' | 'delete';

const REQUIRED = 'This field is required.';
const bad = (field: string, text: string) => ServerError.validation({ [field]: [text] });
const ack = (message: string, status = 200) => ({ status, body: { message }, schema: 'uzbekhub/ack-response' as const });
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const MAX_PICTURE = 5 * 1024 * 1024;

/** Where the outbox is served: outside every path of 004. */
export const OUTBOX_PATH = '/_chatconform/outbox/';

/** A JSON (or form-encoded) object body; 400 for anything else. */
async function object(rc: RequestContext): Promise<Json> {
  const b = await readJsonBody(rc.req);
  if (!b || typeof b !== 'object' || Array.isArray(b)) throw bad('non_field_errors', 'Invalid data. Expected a dictionary.');
  return b as Json;
}

/** A required string field (DRF CharField: numbers are taken as text). */
function text(b: Json, name: string): string {
  const v = b[name];
  if (v === undefined || v === null) throw bad(name, REQUIRED);
  if (typeof v !== 'string' && typeof v !== 'number') throw bad(name, 'Not a valid string.');
  const s = String(v);
  if (s.trim() === '') throw bad(name, 'This field may not be blank.');
  return s;
}

/** A required integer id field. */
function intField(b: Json, name: string): number {
  const v = b[name];
  if (v === undefined || v === null || v === '') throw bad(name, REQUIRED);
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 1) throw bad(name, 'Incorrect type. Expected pk value.');
  return n;
}

const idParam = (rc: RequestContext, name = 'id'): number => (/^\d+$/.test(rc.params[name] ?? '') ? Number(rc.params[name]) : NaN);

/** A 5-digit code (as 004's "12345" shows), unique among the codes still waiting. */
function newCode(taken: (code: string) => boolean): string {
  for (;;) {
    const code = String(randomInt(10000, 100000));
    if (!taken(code)) return code;
  }
}

/** Great-circle distance in km. */
export function haversineKm(aLat: number, aLong: number, bLat: number, bLong: number): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(bLat - aLat);
  const dLong = rad(bLong - aLong);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(aLat)) * Math.cos(rad(bLat)) * Math.sin(dLong / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Reverse geocoding, as far as a reference server goes (D-uzbekhub-37): Tashkent is named, nothing else. */
function placeOf(lat: number, long: number) {
  const tashkent = lat > 41.15 && lat < 41.45 && long > 69.1 && long < 69.45;
  return tashkent ? { country: 'Uzbekistan', city: 'Tashkent', county: null, neighbourhood: null } : { country: null, city: null, county: null, neighbourhood: null };
}

/** A form's text fields and its `profile_picture` part (004 §Accounts API 8 is multipart/form-data). */
function parseProfileForm(rc: RequestContext): Promise<{ fields: Json; picture?: { name: string; mime: string; data: Buffer } }> {
  return new Promise((resolve, reject) => {
    const out: { fields: Json; picture?: { name: string; mime: string; data: Buffer } } = { fields: {} };
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: rc.req.headers, limits: { fileSize: MAX_PICTURE, files: 1, fields: 20, fieldSize: 64 * 1024 } });
    } catch (err) {
      return reject(bad('non_field_errors', `Multipart form parse error - ${(err as Error).message}`));
    }
    bb.on('field', (name, value) => {
      out.fields[name] = value;
    });
    bb.on('file', (name, stream, info) => {
      if (name !== 'profile_picture') return void stream.resume();
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', () => {});
      stream.on('end', () => {
        if (stream.truncated) return reject(new ServerError('PAYLOAD_TOO_LARGE'));
        const fileName = info.filename || 'picture';
        out.picture = { name: fileName, mime: info.mimeType || guessMime(fileName), data: Buffer.concat(chunks) };
      });
    });
    bb.on('error', (err: Error) => reject(bad('non_field_errors', `Multipart form parse error - ${err.message}`)));
    bb.on('close', () => resolve(out));
    rc.req.on('error', (err) => bb.destroy(err));
    rc.req.pipe(bb);
  });
}

const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : v === 'true' || v === 'True' || v === '1' ? true : v === 'false' || v === 'False' || v === '0' ? false : undefined);

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

  /** The caller's own record: someone else's is absent to them (404, D-uzbekhub-38, -40), unless a fault lets them through. */
  async function ownOr404(op: string, ownerId: number, user: UzUser): Promise<void> {
    if (!read(sc, 'uz.owns', ownerId === user.id, { op })) await refuse(sc, 'uz-not-owner', new ServerError('NOT_FOUND'));
  }

  /** D-uzbekhub-41: staff only, 403 {"detail"} for anyone else. */
  async function staff(rc: RequestContext): Promise<UzUser> {
    const user = await caller(sc, rc);
    if (!user.isStaff) await refuse(sc, 'uz-not-staff', new ServerError('FORBIDDEN_ROOM', { message: FORBIDDEN }));
    return user;
  }

  function coordinates(b: Json): { lat: string; long: string } {
    const out: Record<string, string> = {};
    for (const [name, max] of [['lat', 90], ['long', 180]] as const) {
      const v = b[name];
      if (v === undefined || v === null || v === '') throw bad(name, REQUIRED);
      const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
      if (!DECIMAL.test(s) || Math.abs(Number(s)) > max) throw bad(name, 'A valid number is required.');
      out[name] = s;
    }
    return { lat: out.lat!, long: out.long! };
  }

  function contactTarget(b: Json, user: UzUser): number {
    const id = intField(b, 'contact');
    if (!state.user(id)) throw bad('contact', `Invalid pk "${id}" - object does not exist.`);
    if (!valid(sc, 'uz-contact-not-self', id !== user.id)) throw bad('contact', 'You cannot add yourself as a contact.');
    return id;
  }

  const contactOf = async (rc: RequestContext, op: string, user: UzUser) => {
    const c = state.contacts.get(idParam(rc));
    if (!c) throw new ServerError('NOT_FOUND');
    await ownOr404(op, c.ownerId, user);
    return c;
  };

  /** §23-24: the block `pk` names: the block's own id (D-uzbekhub-38), or the blocked user's under a variant. */
  const blockOf = async (rc: RequestContext, op: string, user: UzUser) => {
    const pk = idParam(rc);
    const b = rules.uzBlockPkUser ? [...state.blocks.values()].find((x) => x.userId === user.id && x.blockedId === pk) : state.blocks.get(pk);
    if (!b) throw new ServerError('NOT_FOUND');
    await ownOr404(op, b.userId, user);
    return b;
  };

  return [
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
        throttles.take(sc, rc, 'email_verify', await maybeCaller(rc));
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
        if (!user.isActive) user.isActive = true;
        user.lastLogin = Date.now();
        return { status: 200, body: issue(sc, await sc.jwt.pair(user.id)), schema: 'uzbekhub/google-oauth-response' };
      },
    },
    {
      op: 'auth.forgotPassword',
      async handler(rc) {
        throttles.take(sc, rc, 'forget_password', await maybeCaller(rc));
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
        throttles.take(sc, rc, 'new_password', await maybeCaller(rc));
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
        const form = multipart ? await parseProfileForm(rc) : { fields: await object(rc), picture: undefined };
        const b = form.fields;
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
        if (form.picture && form.picture.data.length > 0) {
          const path = `profile_pictures/${user.id}_${randomBytes(4).toString('hex')}_${safeFileName(form.picture.name)}`;
          if (applies(sc, 'profile.update')) await sc.media.save(path, Readable.from([form.picture.data]), () => false);
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
        if (state.userByEmail(pending.newEmail) && state.userByEmail(pending.newEmail)!.id !== user.id) throw bad('code', 'The new email address is taken.');
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
        throttles.take(sc, rc, 'profile_search', user);
        const key = decodeURIComponent(rc.params.key ?? '').toLowerCase();
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
        throttles.take(sc, rc, 'public_profile', await maybeCaller(rc));
        const found = state.userByUsername(decodeURIComponent(rc.params.username ?? ''));
        const u = read(sc, 'uz.public.user', found?.isActive ? found : undefined);
        if (!u) throw new ServerError('NOT_FOUND');
        return { status: 200, body: publicView(u), schema: 'uzbekhub/public-profile-response' };
      },
    },
    // §17-20: locations (D-uzbekhub-37)
    {
      op: 'location.create',
      async handler(rc) {
        const user = await caller(sc, rc);
        const { lat, long } = coordinates(await object(rc));
        const existing = state.locations.get(user.id);
        if (existing && rules.uzLocationUpsert) {
          if (applies(sc, 'location.create')) Object.assign(existing, { lat, long, ...placeOf(Number(lat), Number(long)), updatedAt: state.now() });
          return { status: 200, body: locationView(existing), schema: 'uzbekhub/location-response' };
        }
        if (!valid(sc, 'uz-one-location', !existing)) throw bad('non_field_errors', 'You already have a location; update it with PUT.');
        const at = state.now();
        const location = { id: state.nextRecordId(), ownerId: user.id, lat, long, ...placeOf(Number(lat), Number(long)), createdAt: at, updatedAt: at };
        if (applies(sc, 'location.create')) state.locations.set(user.id, location);
        return { status: 201, body: locationView(location), schema: 'uzbekhub/location-response' };
      },
    },
    {
      op: 'location.update',
      async handler(rc) {
        const user = await caller(sc, rc);
        const location = state.locations.get(user.id);
        if (!location) throw new ServerError('NOT_FOUND');
        const { lat, long } = coordinates(await object(rc));
        if (applies(sc, 'location.update')) Object.assign(location, { lat, long, ...placeOf(Number(lat), Number(long)), updatedAt: state.now() });
        return { status: 200, body: locationView(location), schema: 'uzbekhub/location-response' };
      },
    },
    {
      op: 'location.delete',
      async handler(rc) {
        const user = await caller(sc, rc);
        if (!state.locations.has(user.id)) throw new ServerError('NOT_FOUND');
        if (applies(sc, 'location.delete')) state.locations.delete(user.id);
        return { status: 204 };
      },
    },
    {
      op: 'location.search',
      async handler(rc) {
        const user = await caller(sc, rc);
        const raw = rc.params.distance ?? '';
        const distance = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
        if (!Number.isFinite(distance)) throw bad('distance', 'A valid number is required.');
        const mine = state.locations.get(user.id);
        if (!mine) throw bad('non_field_errors', 'Set your location first.');
        const near = [...state.locations.values()]
          .filter((l) => l.ownerId !== user.id && state.user(l.ownerId)?.isActive)
          .map((l) => ({ l, km: haversineKm(Number(mine.lat), Number(mine.long), Number(l.lat), Number(l.long)) }))
          .filter(({ km }) => read(sc, 'uz.nearby.within', km <= distance))
          .sort((a, b) => a.km - b.km)
          .map(({ l, km }) => {
            const u = state.user(l.ownerId)!;
            return { id: u.id, first_name: u.firstName, last_name: u.lastName, username: u.username, bio: u.bio, profile_picture: u.profilePicture, distance: Math.round(km * 100) / 100 };
          });
        return { status: 200, body: near, schema: 'uzbekhub/nearby-user-list-response' };
      },
    },
    // §21-24: blocks (D-uzbekhub-38)
    {
      op: 'blocks.list',
      async handler(rc) {
        const user = await caller(sc, rc);
        const mine = [...state.blocks.values()].filter((b) => b.userId === user.id).sort((a, b) => b.createdAt - a.createdAt);
        return { status: 200, body: mine.map((b) => blockView(b, state)), schema: 'uzbekhub/block-list-response' };
      },
    },
    {
      op: 'blocks.create',
      async handler(rc) {
        const user = await caller(sc, rc);
        const target = intField(await object(rc), 'blocked_user');
        if (!state.user(target)) throw bad('blocked_user', `Invalid pk "${target}" - object does not exist.`);
        if (!valid(sc, 'uz-block-not-self', target !== user.id)) throw bad('blocked_user', 'You cannot block yourself.');
        if ([...state.blocks.values()].some((b) => b.userId === user.id && b.blockedId === target)) throw bad('blocked_user', 'You have already blocked this user.');
        const block = { id: state.nextRecordId(), userId: user.id, blockedId: target, createdAt: state.now() };
        if (applies(sc, 'blocks.create')) state.blocks.set(block.id, block);
        return { status: 201, body: blockView(block, state), schema: 'uzbekhub/block' };
      },
    },
    {
      op: 'blocks.get',
      async handler(rc) {
        const user = await caller(sc, rc);
        return { status: 200, body: blockView(await blockOf(rc, 'blocks.get', user), state), schema: 'uzbekhub/block' };
      },
    },
    {
      op: 'blocks.delete',
      async handler(rc) {
        const user = await caller(sc, rc);
        const block = await blockOf(rc, 'blocks.delete', user);
        if (applies(sc, 'blocks.delete')) state.blocks.delete(block.id);
        return { status: 204 };
      },
    },
    // §25-28: status (D-uzbekhub-39)
    {
      op: 'status.get',
      async handler(rc) {
        const user = await caller(sc, rc);
        const s = state.statuses.get(user.id);
        if (!s) throw new ServerError('NOT_FOUND');
        return { status: 200, body: statusView(s), schema: 'uzbekhub/status-response' };
      },
    },
    {
      op: 'status.create',
      async handler(rc) {
        const user = await caller(sc, rc);
        const content = statusContent(await object(rc));
        const existing = state.statuses.get(user.id);
        if (!valid(sc, 'uz-one-status', !existing)) throw bad('non_field_errors', 'You already have a status; update it with PUT.');
        const at = state.now();
        const s = { id: state.nextRecordId(), userId: user.id, content, createdAt: at, updatedAt: at };
        if (applies(sc, 'status.create')) state.statuses.set(user.id, s);
        return { status: 201, body: statusView(s), schema: 'uzbekhub/status-response' };
      },
    },
    {
      op: 'status.update',
      async handler(rc) {
        const user = await caller(sc, rc);
        const s = state.statuses.get(user.id);
        if (!s) throw new ServerError('NOT_FOUND');
        const content = statusContent(await object(rc));
        if (applies(sc, 'status.update')) Object.assign(s, { content, updatedAt: state.now() });
        return { status: 200, body: statusView(s), schema: 'uzbekhub/status-response' };
      },
    },
    {
      op: 'status.delete',
      async handler(rc) {
        const user = await caller(sc, rc);
        if (!state.statuses.has(user.id)) throw new ServerError('NOT_FOUND');
        if (applies(sc, 'status.delete')) state.statuses.delete(user.id);
        return { status: 204 };
      },
    },
    // §29-34: contacts (D-uzbekhub-40)
    {
      op: 'contacts.list',
      async handler(rc) {
        const user = await caller(sc, rc);
        const mine = [...state.contacts.values()].filter((c) => c.ownerId === user.id);
        return { status: 200, body: mine.map(contactView), schema: 'uzbekhub/contact-list-response' };
      },
    },
    {
      op: 'contacts.create',
      async handler(rc) {
        const user = await caller(sc, rc);
        const b = await object(rc);
        const contact = contactTarget(b, user);
        const nikname = b.nikname === undefined || b.nikname === null ? '' : String(b.nikname);
        if ([...state.contacts.values()].some((c) => c.ownerId === user.id && c.contactId === contact)) throw bad('contact', 'This user is already in your contacts.');
        const at = state.now();
        const c = { id: state.nextRecordId(), ownerId: user.id, contactId: contact, nikname, createdAt: at, updatedAt: at };
        if (applies(sc, 'contacts.create')) state.contacts.set(c.id, c);
        return { status: 201, body: contactView(c), schema: 'uzbekhub/contact' };
      },
    },
    {
      op: 'contacts.get',
      async handler(rc) {
        const user = await caller(sc, rc);
        return { status: 200, body: contactView(await contactOf(rc, 'contacts.get', user)), schema: 'uzbekhub/contact' };
      },
    },
    ...(['contacts.update', 'contacts.patch'] as const).map((op) => ({
      op,
      async handler(rc: RequestContext) {
        const user = await caller(sc, rc);
        const c = await contactOf(rc, op, user);
        const b = await object(rc);
        const full = op === 'contacts.update';
        if (full && (b.nikname === undefined || b.nikname === null)) throw bad('nikname', REQUIRED);
        const contact = full || b.contact !== undefined ? contactTarget(b, user) : c.contactId;
        if (contact !== c.contactId && [...state.contacts.values()].some((x) => x.ownerId === user.id && x.contactId === contact)) throw bad('contact', 'This user is already in your contacts.');
        const nikname = b.nikname === undefined || b.nikname === null ? c.nikname : String(b.nikname);
        if (applies(sc, op)) Object.assign(c, { contactId: contact, nikname, updatedAt: state.now() });
        return { status: 200, body: contactView(c), schema: 'uzbekhub/contact' };
      },
    })),
    {
      op: 'contacts.delete',
      async handler(rc) {
        const user = await caller(sc, rc);
        const c = await contactOf(rc, 'contacts.delete', user);
        if (applies(sc, 'contacts.delete')) state.contacts.delete(c.id);
        return { status: 204 };
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

  function statusContent(b: Json): string {
    const content = text(b, 'content');
    if (!valid(sc, 'uz-status-max-55', content.length <= 55)) throw bad('content', 'Ensure this field has no more than 55 characters.');
    return content;
  }
}
