// The one place where UzbekHub records and errors become bytes: the room, member, message and file objects
// of 004 §Chat API, the sign-in and profile bodies, the socket's events (D-uzbekhub-10), and every error in
// the shape §Error Responses shows for its status (D-uzbekhub-03). Faults and variants that change a shape
// rewrite the reply or frame after it (uzbekhub/faults.ts) or set a rule read here, never by name.
import type { ServerError } from '../errors.ts';
import type { Reply } from '../http.ts';
import type { Rules } from '../variant-spec.ts';
import type { SelfCheck } from '../self-check.ts';
import { userById, type UzBlock, type UzContact, type UzFile, type UzLocation, type UzMessage, type UzRoom, type UzState, type UzStatus, type UzUser } from './state.ts';

export const iso = (ms: number): string => new Date(ms).toISOString();

export function userBrief(id: number) {
  const u = userById(id);
  return { id, username: u?.username ?? `user${id}`, full_name: u ? `${u.firstName} ${u.lastName}` : '', profile_picture: null };
}

export function roomView(room: UzRoom) {
  return {
    id: room.id,
    room_type: room.type,
    name: room.name,
    username: room.username,
    description: room.description,
    profile_pic: room.profilePic,
    members: room.members.map((m) => userBrief(m.userId)),
    created_at: iso(room.createdAt),
  };
}

export function membersView(room: UzRoom) {
  return room.members.map((m) => ({ id: m.id, room: room.id, user: userBrief(m.userId), role: m.role, joined_at: iso(m.joinedAt) }));
}

export function fileView(f: UzFile, origin: string) {
  return { id: f.id, unique_id: f.uniqueId, file: `${origin}/media/${f.path}`, file_type: f.type, file_size: f.size, is_temporary: false, uploaded_at: iso(f.uploadedAt) };
}

export function messageView(m: UzMessage, state: UzState, origin: string) {
  return {
    id: m.id,
    room: m.roomId,
    sender: userBrief(m.senderId),
    text: m.text,
    reply_to: m.replyTo,
    attachments: m.files.map((id) => state.files.get(id)).filter((f): f is UzFile => f !== undefined).map((f) => fileView(f, origin)),
    is_edited: m.edited,
    created_at: iso(m.createdAt),
    update_at: iso(m.updatedAt),
  };
}

/** The short shape of a user of this server (`full_name` is first and last name, D-uzbekhub-38). */
export function briefOf(state: UzState, id: number) {
  const u = state.user(id);
  return u ? { id, username: u.username, full_name: `${u.firstName} ${u.lastName}`.trim(), profile_picture: u.profilePicture } : userBrief(id);
}

/** A user as search, user-by-id and the admin endpoints show it (004 §Accounts API 14). */
export function userView(u: UzUser) {
  return {
    id: u.id, first_name: u.firstName, last_name: u.lastName, username: u.username, bio: u.bio, profile_picture: u.profilePicture, phone: u.phone,
    is_private: u.isPrivate, is_active: u.isActive, is_staff: u.isStaff, date_joined: iso(u.dateJoined), last_login: u.lastLogin === null ? null : iso(u.lastLogin), last_online: null,
  };
}

/** §Accounts API 16: the public fields only. */
export function publicView(u: UzUser) {
  return { id: u.id, first_name: u.firstName, last_name: u.lastName, username: u.username, bio: u.bio, profile_picture: u.profilePicture, is_private: u.isPrivate, date_joined: iso(u.dateJoined) };
}

/** §Accounts API 17 (with `owner`); nested in my profile without it (D-uzbekhub-04). */
export function locationView(l: UzLocation, withOwner = true) {
  return {
    id: l.id, ...(withOwner ? { owner: l.ownerId } : {}), lat: l.lat, long: l.long, country: l.country, city: l.city, county: l.county, neighbourhood: l.neighbourhood,
    created_at: iso(l.createdAt), update_at: iso(l.updatedAt),
  };
}

/** §Accounts API 25 (with `user`); nested in my profile without it (D-uzbekhub-04). */
export function statusView(s: UzStatus, withUser = true) {
  return { id: s.id, ...(withUser ? { user: s.userId } : {}), content: s.content, created_at: iso(s.createdAt), updated_at: iso(s.updatedAt) };
}

export function contactView(c: UzContact) {
  return { id: c.id, owner: c.ownerId, contact: c.contactId, nikname: c.nikname, created_at: iso(c.createdAt), update_at: iso(c.updatedAt) };
}

export function blockView(b: UzBlock, state: UzState) {
  return { id: b.id, user: b.userId, blocked_user: briefOf(state, b.blockedId), created_at: iso(b.createdAt) };
}

/** §Accounts API 7: the whole profile, with the caller's location and status when a server's state is given. */
export function profileView(u: UzUser, state?: UzState) {
  const location = state?.locations.get(u.id);
  const status = state?.statuses.get(u.id);
  return {
    ...userView(u), email: u.email,
    location: location ? locationView(location, false) : null,
    status: status ? statusView(status, false) : null,
  };
}

/** §Error Responses, one shape per status (D-uzbekhub-03); a variant gives 404 DRF's own {"detail"}. */
export function renderError(err: ServerError, rules: Readonly<Rules>): Reply {
  const status = err.status ?? 500;
  const headers: Record<string, string> = {};
  if (status === 401) headers['WWW-Authenticate'] = 'Bearer realm="api"';
  if (typeof err.extra?.allow === 'string') headers.Allow = err.extra.allow;
  if (status === 400) return { status, body: { error: 'Invalid request data', details: err.fields ?? { non_field_errors: [err.message] } }, schema: 'uzbekhub/error-bad-request' };
  if (status === 404) {
    return rules.uzDrf404 ? { status, body: { detail: 'Not found.' }, schema: 'uzbekhub/error-detail' } : { status, body: { error: 'Resource not found' }, schema: 'uzbekhub/error-not-found' };
  }
  if (status === 429) {
    const wait = Number(err.extra?.wait_seconds ?? 60);
    return { status, body: { message: 'Request was throttled', wait_seconds: wait }, headers: { 'Retry-After': String(Math.ceil(wait)) }, schema: 'uzbekhub/error-throttled' };
  }
  if (status >= 500) return { status, body: { error: 'Internal server error occurred' }, schema: 'uzbekhub/error-server' };
  return { status, body: { detail: err.message }, headers, schema: 'uzbekhub/error-detail' };
}

export const FORBIDDEN = 'You do not have permission to perform this action.';

const FRAME_SCHEMAS: Record<string, string> = {
  chat_message: 'uzbekhub/ws-out-chat-message',
  message_edited: 'uzbekhub/ws-out-message-edited',
  message_deleted: 'uzbekhub/ws-out-message-deleted',
  user_typing: 'uzbekhub/ws-out-user-typing',
  message_read: 'uzbekhub/ws-out-message-read',
  error: 'uzbekhub/ws-out-error',
};

/** Serializes an event once, self-checking it against the schema of its `type`. */
export function frameText(frame: Record<string, unknown>, selfCheck: SelfCheck): string {
  const schema = FRAME_SCHEMAS[String(frame.type)];
  if (selfCheck.enabled && schema) selfCheck.check(schema, frame, `ws ${String(frame.type)}`);
  return JSON.stringify(frame);
}
