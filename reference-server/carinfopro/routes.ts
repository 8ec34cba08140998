// Document 003's REST endpoints: §1 start (public), §2 the owner's room list, §3 history for the owner
// (JWT) or the room's visitor (`?visitor=`). Decisions D-carinfopro-03/04/05.
import { BLANK, REQUIRED } from '../django.ts';
import { randomUUID } from 'node:crypto';
import { ServerError } from '../errors.ts';
import { readJsonBody, type RequestContext, type RouteDecl } from '../http.ts';
import type { ServerContext } from '../dialect.ts';
import type { RoomRecord, UserRecord } from '../store.ts';
import { UUID, bearer, ownerFromToken, roomOfVisitor } from './auth.ts';
import { newRoom } from './seed.ts';
import { messageView, ownerOf, roomUpdatedAt, roomView } from './wire.ts';
import { hazard, read, refuse, valid } from '../seams.ts';

const VISITOR_NAME_MAX = 100;

export function chatRoutes(sc: ServerContext): RouteDecl[] {
  const { store } = sc;
  const rules = sc.variants.rules;

  /** D-carinfopro-04: owner JWT only. */
  async function owner(rc: RequestContext): Promise<UserRecord> {
    const token = bearer(rc);
    if (token !== undefined) return ownerFromToken(sc, token);
    return refuse(sc, 'room-list-no-credential', new ServerError('AUTH_MISSING'), { rc });
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
      allowed = (room) => ownerOf(room) === String(user.id);
    } else if (visitor) {
      if (!valid(sc, 'history-by-visitor', true)) throw new ServerError('AUTH_MISSING');
      const own = await roomOfVisitor(sc, visitor);
      allowed = (room) => String(room.id) === String(own.id);
    } else {
      allowed = await refuse(sc, 'history-no-credential', new ServerError('AUTH_MISSING'));
    }
    const room = UUID.test(id) ? await store.getRoom(id.toLowerCase()) : undefined;
    if (!room) throw new ServerError('NOT_FOUND');
    if (!allowed(room)) {
      const err = rules.foreignIs403 ? new ServerError('FORBIDDEN_ROOM', { message: 'You do not have permission to perform this action.' }) : new ServerError('NOT_FOUND');
      await refuse(sc, token !== undefined ? 'history-other-owner' : 'history-other-room', err);
    }
    return room;
  }

  return [
    {
      op: 'chat.start',
      async handler(rc) {
        // D-carinfopro-03: public; an Authorization header is ignored (the fault authenticates it, as DRF does).
        const token = bearer(rc);
        if (token !== undefined && !valid(sc, 'start-ignores-authorization', true)) await ownerFromToken(sc, token);
        if (!token && !valid(sc, 'start-anonymous', true)) throw new ServerError('AUTH_MISSING');
        const { ownerId, visitorName } = await validateStart(sc, await readJsonBody(rc.req));
        const roomId = randomUUID();
        const visitorToken = read(sc, 'start.visitor-token', randomUUID(), { roomId, ownerId });
        await store.putRoom(newRoom(roomId, ownerId, visitorToken, visitorName));
        return {
          status: rules.startStatus,
          body: { room_id: roomId, visitor_token: visitorToken, ws_path: `/ws/chat/${roomId}/` },
          schema: 'carinfopro/chat-start-response',
        };
      },
    },
    {
      op: 'rooms.list',
      async handler(rc) {
        const user = await owner(rc);
        // An owner is a member of exactly the rooms they own.
        const rooms = await store.listRooms(read(sc, 'room-list.member', user.id));
        if (rules.roomsByCreated) rooms.sort((a, b) => b.createdAt - a.createdAt);
        else rooms.sort((a, b) => roomUpdatedAt(b) - roomUpdatedAt(a) || b.createdAt - a.createdAt);
        return { status: 200, body: rooms.map(roomView), schema: 'carinfopro/room-list-response' };
      },
    },
    {
      op: 'messages.list',
      async handler(rc) {
        const room = await readable(rc);
        const count = await store.countMessages(room.id);
        const records = await store.listMessages(room.id, 0, count);
        return { status: 200, body: records.map((m) => messageView(m, room)), schema: 'carinfopro/message-list-response' };
      },
    },
  ];
}

/** D-carinfopro-03: `user_id` an owner's UUID, `visitor_name` an optional string of at most 100 characters. */
async function validateStart(sc: ServerContext, body: unknown): Promise<{ ownerId: string; visitorName: string }> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw ServerError.validation({ non_field_errors: [`Invalid data. Expected a dictionary, but got ${Array.isArray(body) ? 'list' : typeof body}.`] });
  }
  const fields = body as Record<string, unknown>;
  const userId = read(sc, 'start.user_id', fields.user_id);
  const name = await hazard(sc, 'start.visitor_name', fields.visitor_name);
  const { store } = sc;
  const errors: Record<string, string[]> = {};
  let ownerId = '';
  if (userId === undefined || userId === null || userId === '') {
    errors.user_id = [userId === '' ? BLANK : REQUIRED];
  } else if (typeof userId !== 'string' || !UUID.test(userId)) {
    errors.user_id = ['Must be a valid UUID.'];
  } else {
    ownerId = userId.toLowerCase();
    const user = await store.getUser(ownerId);
    if (!valid(sc, 'start-owner-exists', user?.role === 'owner')) {
      // The `unknown-owner-404` variant: get_object_or_404 on the owner instead of a serializer field error.
      if (sc.variants.rules.unknownOwner404) throw new ServerError('NOT_FOUND', { message: 'Owner not found.' });
      errors.user_id = [`Invalid pk "${userId}" - object does not exist.`];
    }
  }
  let visitorName = '';
  if (name === undefined || name === null) {
    if (!valid(sc, 'visitor-name-optional', true)) errors.visitor_name = [REQUIRED];
  } else if (typeof name !== 'string') errors.visitor_name = ['Not a valid string.'];
  else if (name.length > VISITOR_NAME_MAX) errors.visitor_name = [`Ensure this field has no more than ${VISITOR_NAME_MAX} characters.`];
  else visitorName = name.trim();
  if (Object.keys(errors).length > 0) throw ServerError.validation(errors);
  return { ownerId, visitorName };
}
