// 004 §Accounts API 17-34: the caller's location (one, D-uzbekhub-37) and the search by distance, blocks
// (D-uzbekhub-38), status (one, max 55 characters, D-uzbekhub-39) and contacts (D-uzbekhub-40). Someone
// else's block or contact is absent to the caller (404), through the owner seam all part-2 records use.
import { ServerError } from '../errors.ts';
import type { RequestContext, RouteDecl } from '../http.ts';
import type { ServerContext } from '../dialect.ts';
import { read, refuse, valid } from '../seams.ts';
import { REQUIRED, bad, idParam, intField, object, text, type Json } from './accounts-body.ts';
import './accounts-spec.ts';
import { caller } from './auth.ts';
import { applies } from './owned.ts';
import type { UzState, UzUser } from './state.ts';
import { blockView, contactView, locationView, statusView } from './wire.ts';

const DECIMAL = /^-?\d+(\.\d+)?$/;

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

export function recordRoutes(sc: ServerContext, state: UzState): RouteDecl[] {
  const rules = sc.variants.rules;

  /** The caller's own record: someone else's is absent to them (404, D-uzbekhub-38, -40), unless a fault lets them through. */
  async function ownOr404(op: string, ownerId: number, user: UzUser): Promise<void> {
    if (!read(sc, 'uz.owns', ownerId === user.id, { op })) await refuse(sc, 'uz-not-owner', new ServerError('NOT_FOUND'));
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

  function statusContent(b: Json): string {
    const content = text(b, 'content');
    if (!valid(sc, 'uz-status-max-55', content.length <= 55)) throw bad('content', 'Ensure this field has no more than 55 characters.');
    return content;
  }

  return [
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
  ];
}
