// Document 003's REST endpoints: §1 start (public), §2 the owner's room list, §3 history for the owner
// (JWT) or the room's visitor (`?visitor=`). Decisions D-carinfopro-03/04/05.
import { BLANK, REQUIRED } from '../django.ts';
import { randomUUID } from 'node:crypto';
import { ServerError } from '../errors.ts';
import { readJsonBody, type RequestContext, type RouteDecl } from '../http.ts';
import type { ServerContext } from '../dialect.ts';
import type { RoomRecord, UserRecord } from '../store.ts';
import { UUID, bearer, ownerFromToken, roomOfVisitor } from './auth.ts';
import { FIXTURE_OWNERS, newRoom } from './seed.ts';
import { messageView, ownerOf, roomUpdatedAt, roomView } from './wire.ts';
import { crashProcess } from '../fuzz-faults.ts';

const VISITOR_NAME_MAX = 100;
/** `room-list-lags`: rooms younger than this are not listed yet. */
const LAG_MS = 10_000;

export function chatRoutes(sc: ServerContext): RouteDecl[] {
  const { store, faults } = sc;
  const rules = sc.variants.rules;
  /** `visitor-token-shared`: one token per owner instead of one per room. */
  const sharedTokens = new Map<string, string>();

  async function fixtureOwner(): Promise<UserRecord> {
    return (await store.getUser(FIXTURE_OWNERS[0]!.id))!;
  }

  /** D-carinfopro-04: owner JWT only. */
  async function owner(rc: RequestContext): Promise<UserRecord> {
    const token = bearer(rc);
    if (token !== undefined) return ownerFromToken(sc, token);
    const visitor = rc.url.searchParams.get('visitor');
    if (visitor && faults.has('room-list-accepts-visitor-token')) {
      const room = await roomOfVisitor(sc, visitor);
      const user = await store.getUser(ownerOf(room) ?? '');
      if (user) return user;
    }
    if (faults.has('room-list-no-auth')) return fixtureOwner();
    throw new ServerError('AUTH_MISSING');
  }

  /**
   * D-carinfopro-05: the room `id` if the caller may read it. The JWT wins over `?visitor=`; a credential
   * that is valid but not for this room, an unknown room and a malformed id are all 404.
   */
  async function readable(rc: RequestContext): Promise<RoomRecord> {
    const id = rc.params.id ?? '';
    const token = bearer(rc);
    const visitor = rc.url.searchParams.get('visitor');
    let allowed: (room: RoomRecord) => boolean;
    if (token !== undefined) {
      const user = await ownerFromToken(sc, token);
      allowed = (room) => ownerOf(room) === String(user.id) || faults.has('history-any-owner');
    } else if (visitor) {
      if (faults.has('history-visitor-refused')) throw new ServerError('AUTH_MISSING');
      const own = await roomOfVisitor(sc, visitor);
      allowed = (room) => String(room.id) === String(own.id) || faults.has('history-visitor-any-room');
    } else if (faults.has('history-no-auth')) {
      allowed = () => true;
    } else {
      throw new ServerError('AUTH_MISSING');
    }
    const room = UUID.test(id) ? await store.getRoom(id.toLowerCase()) : undefined;
    if (!room) throw new ServerError('NOT_FOUND');
    if (!allowed(room)) {
      throw rules.foreignIs403 ? new ServerError('FORBIDDEN_ROOM', { message: 'You do not have permission to perform this action.' }) : new ServerError('NOT_FOUND');
    }
    return room;
  }

  return [
    {
      op: 'chat.start',
      async handler(rc) {
        // D-carinfopro-03: public; an Authorization header is ignored (the fault authenticates it, as DRF does).
        const token = bearer(rc);
        if (token !== undefined && faults.has('start-rejects-bad-authorization')) await ownerFromToken(sc, token);
        if (!token && faults.has('start-requires-auth')) throw new ServerError('AUTH_MISSING');
        const { ownerId, visitorName } = await validateStart(sc, await readJsonBody(rc.req));
        const roomId = randomUUID();
        let visitorToken: string = randomUUID();
        if (faults.has('visitor-token-is-room-id')) visitorToken = roomId;
        if (faults.has('visitor-token-shared')) {
          if (!sharedTokens.has(ownerId)) sharedTokens.set(ownerId, visitorToken);
          visitorToken = sharedTokens.get(ownerId)!;
        }
        await store.putRoom(newRoom(roomId, ownerId, visitorToken, visitorName));
        const wsRoom = faults.has('ws-path-wrong-room') ? randomUUID() : roomId;
        return {
          status: faults.has('start-status-200') ? 200 : rules.startStatus,
          body: { room_id: roomId, visitor_token: visitorToken, ws_path: `/ws/chat/${wsRoom}/` },
          schema: 'carinfopro/chat-start-response',
        };
      },
    },
    {
      op: 'rooms.list',
      async handler(rc) {
        const user = await owner(rc);
        let rooms = await store.listRooms(faults.has('room-list-all-owners') ? undefined : user.id);
        if (faults.has('room-list-all-owners')) rooms = rooms.filter((r) => ownerOf(r) !== undefined);
        else rooms = rooms.filter((r) => ownerOf(r) === String(user.id));
        if (faults.has('room-list-lags')) rooms = rooms.filter((r) => Date.now() - r.createdAt >= LAG_MS);
        if (faults.has('room-list-oldest-first')) rooms.sort((a, b) => a.createdAt - b.createdAt);
        else if (rules.roomsByCreated) rooms.sort((a, b) => b.createdAt - a.createdAt);
        else rooms.sort((a, b) => roomUpdatedAt(b) - roomUpdatedAt(a) || b.createdAt - a.createdAt);
        const list = rooms.map((r) => roomView(r, faults));
        const body = faults.has('room-list-enveloped') ? { count: list.length, next: null, previous: null, results: list } : list;
        return { status: 200, body, schema: 'carinfopro/room-list-response' };
      },
    },
    {
      op: 'messages.list',
      async handler(rc) {
        const room = await readable(rc);
        const count = await store.countMessages(room.id);
        let records = await store.listMessages(room.id, 0, count);
        if (faults.has('history-drops-latest')) records = records.slice(0, -1);
        if (faults.has('history-newest-first')) records.reverse();
        const list = records.map((m) => messageView(m, room, faults));
        const body = faults.has('history-enveloped') ? { count: list.length, next: null, previous: null, results: list } : list;
        return { status: 200, body, schema: 'carinfopro/message-list-response' };
      },
    },
  ];
}

/** D-carinfopro-03: `user_id` an owner's UUID, `visitor_name` an optional string of at most 100 characters. */
async function validateStart(sc: ServerContext, body: unknown): Promise<{ ownerId: string; visitorName: string }> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw ServerError.validation({ non_field_errors: [`Invalid data. Expected a dictionary, but got ${Array.isArray(body) ? 'list' : typeof body}.`] });
  }
  const { user_id: userId, visitor_name: name } = body as Record<string, unknown>;
  const { faults, store } = sc;
  if (name !== undefined && name !== null && typeof name !== 'string' && faults.has('fuzz-crash-non-string-visitor-name')) await crashProcess('non-string visitor_name');
  const errors: Record<string, string[]> = {};
  let ownerId = '';
  if (userId === undefined || userId === null || userId === '') {
    if (faults.has('start-without-user-id-accepted')) ownerId = FIXTURE_OWNERS[0]!.id;
    else errors.user_id = [userId === '' ? BLANK : REQUIRED];
  } else if (typeof userId !== 'string' || !UUID.test(userId)) {
    errors.user_id = ['Must be a valid UUID.'];
  } else {
    ownerId = userId.toLowerCase();
    const user = await store.getUser(ownerId);
    if (user?.role !== 'owner' && !faults.has('start-unknown-owner-accepted')) {
      // The `unknown-owner-404` variant: get_object_or_404 on the owner instead of a serializer field error.
      if (sc.variants.rules.unknownOwner404) throw new ServerError('NOT_FOUND', { message: 'Owner not found.' });
      errors.user_id = [`Invalid pk "${userId}" - object does not exist.`];
    }
  }
  let visitorName = '';
  if (name === undefined || name === null) {
    if (faults.has('visitor-name-required')) errors.visitor_name = [REQUIRED];
  } else if (typeof name !== 'string') errors.visitor_name = ['Not a valid string.'];
  else if (name.length > VISITOR_NAME_MAX) errors.visitor_name = [`Ensure this field has no more than ${VISITOR_NAME_MAX} characters.`];
  else visitorName = name.trim();
  if (Object.keys(errors).length > 0) throw ServerError.validation(errors);
  return { ownerId, visitorName };
}
