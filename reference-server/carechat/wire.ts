// The one place where care chat records and errors become bytes: the chat of POST /chat/chats/
// (D-carechat-02), the `{"message": {…}}` broadcast (002 §Receiving Messages) and `{"error"}` frames
// (D-carechat-07). REST error bodies are DRF's (django.ts, D-carechat-14). Faults that change a shape
// rewrite the reply or frame after it (carechat/faults.ts), never here.
import type { ServerError } from '../errors.ts';
import type { SelfCheck } from '../self-check.ts';
import type { MessageRecord, RoomRecord } from '../store.ts';
import type { CarechatChat } from '../../generated/types/carechat/chat.ts';
import type { CarechatWsOutMessage } from '../../generated/types/carechat/ws-out-message.ts';
import type { Side } from './seed.ts';

/**
 * D-carechat-16: `2025-12-07T10:30:00.123456Z` as 002 shows it (records keep milliseconds, so the last
 * three digits are zeros); a variant renders fewer digits, 0 for whole seconds.
 */
export function timestamp(ms: number, digits: number): string {
  const [whole, fraction] = new Date(ms).toISOString().slice(0, -1).split('.');
  return digits > 0 ? `${whole}.${(fraction ?? '').padEnd(digits, '0').slice(0, digits)}Z` : `${whole}Z`;
}

export function chatView(chat: RoomRecord, digits: number): CarechatChat {
  return { id: String(chat.id), patient: chat.labels?.patient ?? '', professional: chat.labels?.professional ?? '', created_at: timestamp(chat.createdAt, digits) };
}

export function broadcastView(m: MessageRecord, side: Side, digits: number): CarechatWsOutMessage {
  return { message: { id: String(m.id), content: m.content, sender_type: side, created_at: timestamp(m.createdAt, digits) } };
}

export function errorFrame(err: ServerError): { error: string } {
  return { error: err.message };
}

/** Serializes a frame once, self-checking it against its schema (frames are told apart by keys, D-carechat-04). */
export function frameText(frame: object, selfCheck: SelfCheck): string {
  if (selfCheck.enabled) {
    const schema = 'message' in frame ? 'carechat/ws-out-message' : 'carechat/ws-out-error';
    selfCheck.check(schema, frame, `ws ${schema.split('/')[1]}`);
  }
  return JSON.stringify(frame);
}
