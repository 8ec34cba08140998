// The one place where UzbekHub records and errors become bytes: the room, member, message and file objects
// of 004 §Chat API, the sign-in and profile bodies, the socket's events (D-uzbekhub-10), and every error in
// the shape §Error Responses shows for its status (D-uzbekhub-03). Faults and variants that change a shape
// rewrite the reply or frame after it (uzbekhub/faults.ts) or set a rule read here, never by name.
import type { ServerError } from '../errors.ts';
import type { Reply } from '../http.ts';
import type { Rules } from '../variant-spec.ts';
import type { SelfCheck } from '../self-check.ts';
import { userById, type UzFile, type UzMessage, type UzRoom, type UzState, type UzUser } from './state.ts';

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

export function profileView(u: UzUser) {
  return {
    id: u.id, first_name: u.firstName, last_name: u.lastName, email: u.email, username: u.username, bio: '', profile_picture: null, phone: null,
    is_private: false, is_active: true, is_staff: false, date_joined: '2024-01-01T10:00:00Z', last_login: null, last_online: null, location: null, status: null,
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
