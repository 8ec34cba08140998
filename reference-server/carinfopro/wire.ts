// The one place where CarInfoPro records and errors become bytes: `{"error"}` frames (D-carinfopro-08),
// rooms, history items and broadcasts (REST error bodies are DRF's: django.ts, D-carinfopro-12). Faults
// that change a shape rewrite the reply or frame after it (carinfopro/faults.ts), never here.
import type { ServerError } from '../errors.ts';
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

export function roomView(room: RoomRecord): CarinfoproRoom {
  return {
    id: String(room.id),
    owner_id: ownerOf(room) ?? '',
    visitor_name: room.labels?.visitorName ?? '',
    is_active: room.isActive,
    created_at: timestamp(room.createdAt),
    updated_at: timestamp(roomUpdatedAt(room)),
  };
}

/** A history item (§3): the text is under `content`. */
export function messageView(m: MessageRecord, room: RoomRecord): CarinfoproMessage {
  return { id: String(m.id), room_id: String(room.id), sender_type: senderType(room, m.senderId), content: m.content, created_at: timestamp(m.createdAt) };
}

/** The broadcast (§Send a Message): the same text under `message` (D-carinfopro-06). */
export function broadcastView(m: MessageRecord, room: RoomRecord, type: 'owner' | 'visitor'): CarinfoproWsOutMessage {
  return { id: String(m.id), room_id: String(room.id), sender_type: type, message: m.content, created_at: timestamp(m.createdAt) };
}

export function errorFrame(err: ServerError): { error: string } {
  return { error: err.message };
}

/** Serializes a frame once, self-checking it against its schema (told apart by keys, D-carinfopro-14). */
export function frameText(frame: object, selfCheck: SelfCheck): string {
  if (selfCheck.enabled) {
    const schema = 'id' in frame ? 'carinfopro/ws-out-message' : 'carinfopro/ws-out-error';
    selfCheck.check(schema, frame, `ws ${schema.split('/')[1]}`);
  }
  return JSON.stringify(frame);
}
