// The one place where CarInfoPro records and errors become bytes: `{"error"}` frames (D-carinfopro-08),
// rooms, history items and broadcasts (REST error bodies are DRF's: django.ts, D-carinfopro-12). Faults
// that change a shape are applied here and nowhere else.
import type { ServerError } from '../errors.ts';
import type { FaultSet } from '../faults.ts';
import type { SelfCheck } from '../self-check.ts';
import type { MessageRecord, RoomRecord } from '../store.ts';
import { timestamp } from '../django.ts';
import type { CarinfoproMessage } from '../../generated/types/carinfopro/message.ts';
import type { CarinfoproRoom } from '../../generated/types/carinfopro/room.ts';
import type { CarinfoproWsOutMessage } from '../../generated/types/carinfopro/ws-out-message.ts';

export function ownerOf(room: RoomRecord): string | undefined {
  const m = room.members.find((x) => x.role === 'owner');
  return m === undefined ? undefined : String(m.userId);
}

export function senderType(room: RoomRecord, senderId: string | number): 'owner' | 'visitor' {
  return ownerOf(room) === String(senderId) ? 'owner' : 'visitor';
}

/** D-carinfopro-04: a room's updated_at moves to its latest message's created_at. */
export const roomUpdatedAt = (room: RoomRecord) => Math.max(room.updatedAt, room.lastMessageAt ?? 0);

export function roomView(room: RoomRecord, faults: FaultSet): CarinfoproRoom {
  const view: CarinfoproRoom = {
    id: String(room.id),
    owner_id: ownerOf(room) ?? '',
    visitor_name: faults.has('visitor-name-dropped') ? '' : (room.visitorName ?? ''),
    is_active: room.isActive,
    created_at: timestamp(room.createdAt, faults),
    updated_at: timestamp(roomUpdatedAt(room), faults),
  };
  if (faults.has('room-list-leaks-visitor-token')) Object.assign(view, { visitor_token: room.visitorToken });
  return view;
}

/** A history item (§3): the text is under `content`. */
export function messageView(m: MessageRecord, room: RoomRecord, faults: FaultSet): CarinfoproMessage {
  const view: Record<string, unknown> = {
    id: String(m.id),
    room_id: String(room.id),
    sender_type: senderType(room, m.senderId),
  };
  if (faults.has('history-content-as-message')) view.message = m.content;
  else view.content = m.content;
  view.created_at = timestamp(m.createdAt, faults);
  if (faults.has('history-leaks-visitor-token')) view.visitor_token = room.visitorToken;
  return view as unknown as CarinfoproMessage;
}

/** The broadcast (§Send a Message): the same text under `message` (D-carinfopro-06). */
export function broadcastView(m: MessageRecord, room: RoomRecord, type: 'owner' | 'visitor', faults: FaultSet): CarinfoproWsOutMessage {
  const view: Record<string, unknown> = {
    id: String(m.id),
    room_id: String(room.id),
    sender_type: faults.has('sender-type-always-visitor') ? 'visitor' : type,
  };
  if (faults.has('broadcast-content-key')) view.content = m.content;
  else view.message = m.content;
  view.created_at = timestamp(m.createdAt, faults);
  if (type === 'visitor' && faults.has('broadcast-leaks-visitor-token')) view.visitor_token = room.visitorToken;
  return view as unknown as CarinfoproWsOutMessage;
}

export function errorFrame(err: ServerError, faults: FaultSet): Record<string, string> {
  return faults.has('error-frame-detail-key') ? { detail: err.message } : { error: err.message };
}

/** Serializes a frame once, self-checking it against its schema (told apart by keys, D-carinfopro-14). */
export function frameText(frame: object, selfCheck: SelfCheck): string {
  if (selfCheck.enabled) {
    const schema = 'id' in frame ? 'carinfopro/ws-out-message' : 'carinfopro/ws-out-error';
    selfCheck.check(schema, frame, `ws ${schema.split('/')[1]}`);
  }
  return JSON.stringify(frame);
}
