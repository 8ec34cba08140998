// The one place where Fiko records become frames (document 001 §Outgoing Events): conversations,
// messages, and each outgoing frame of both sockets, error frames with D-fiko-04's texts. Faults that change
// a shape rewrite the frame after it (fiko/faults.ts), never here.
import { timestamp } from '../django.ts';
import type { ServerError } from '../errors.ts';
import type { ServerContext } from '../dialect.ts';
import type { MessageRecord, RoomRecord, Store } from '../store.ts';
import type { FikoConversation } from '../../generated/types/fiko/conversation.ts';
import type { FikoMessage } from '../../generated/types/fiko/message.ts';
import type { FikoWsOutError } from '../../generated/types/fiko/ws-out-error.ts';
import { customerOf, isCustomer } from './seed.ts';

/** The agents of a conversation (its owner first): who sees it in their list. */
export const agentsOf = (room: RoomRecord): string[] => room.members.filter((m) => m.role !== 'customer').map((m) => String(m.userId));

/** The bus room of an agent's conversations sockets, and of a conversation's chat sockets. */
export const listRoom = (userId: string | number) => `fiko-agent:${userId}`;
export const chatRoom = (conversationId: string | number) => `fiko-conv:${conversationId}`;
/** One agent's chat sockets of a conversation (the typing-to-other-users variant addresses them). */
export const chatRoomOf = (conversationId: string | number, userId: string | number) => `fiko-conv:${conversationId}:user:${userId}`;

/** D-fiko-07: `customer` only on a customer's message. */
export function messageView(m: MessageRecord, room: RoomRecord): FikoMessage {
  const type = isCustomer(m.senderId) ? 'customer' : 'support';
  const c = customerOf(room);
  return {
    id: String(m.id),
    content: m.content,
    type,
    ...(type === 'customer' ? { customer: { first_name: c.first_name, last_name: c.last_name } } : {}),
    created_at: timestamp(m.createdAt),
  };
}

/** The last `limit` messages, oldest first (D-fiko-06). */
export async function lastMessages(store: Store, room: RoomRecord, limit: number): Promise<MessageRecord[]> {
  const n = await store.countMessages(room.id);
  return store.listMessages(room.id, Math.max(0, n - limit), limit);
}

/** Unread customer messages (D-fiko-09): what `mark_read` resets. */
export async function unreadCount(store: Store, room: RoomRecord): Promise<number> {
  const all = await store.listMessages(room.id, 0, await store.countMessages(room.id));
  return all.filter((m) => isCustomer(m.senderId) && !m.readByRecipient).length;
}

export const updatedAt = (room: RoomRecord) => Math.max(room.updatedAt, room.lastMessageAt ?? 0);

export async function conversationView(store: Store, room: RoomRecord): Promise<FikoConversation> {
  const [last] = await lastMessages(store, room, 1);
  const c = customerOf(room);
  return {
    id: String(room.id),
    title: room.title,
    source: c.source,
    status: room.status,
    customer: c,
    last_message: last ? { content: last.content, type: isCustomer(last.senderId) ? 'customer' : 'support', created_at: timestamp(last.createdAt) } : null,
    unread_count: await unreadCount(store, room),
    created_at: timestamp(room.createdAt),
    updated_at: timestamp(updatedAt(room)),
  };
}

export const now = () => timestamp(Date.now());

/** D-fiko-04: the stable English `error` and a human `message`. */
export function errorFrame(err: ServerError): FikoWsOutError {
  return { type: 'error', error: err.message, message: HUMAN[err.message] ?? 'خطای غیرمنتظره رخ داد' };
}

const HUMAN: Record<string, string> = {
  'Message content cannot be empty': 'پیام نمی‌تواند خالی باشد',
  'Invalid JSON': 'فرمت JSON نامعتبر است',
  'Unknown message type': 'نوع پیام ناشناخته است',
  'Authentication required': 'احراز هویت لازم است',
};

/** Serializes a frame once, self-checking it against the profile's schema of its `type`. */
export function frameText(frame: { type?: unknown }, sc: Pick<ServerContext, 'selfCheck' | 'variants'>): string {
  const offset = sc.variants.rules.utcOffsetMinutes;
  const out = offset ? withOffset(frame, offset) : frame;
  if (sc.selfCheck.enabled) {
    const schema = OUT[String(frame.type)];
    if (schema) sc.selfCheck.check(schema, out, `ws ${String(frame.type)}`);
  }
  return JSON.stringify(out);
}

const STAMPS = new Set(['created_at', 'updated_at', 'timestamp']);

/** Every timestamp, at any depth, in local time with its UTC offset (`2024-01-15T15:30:00+05:00`). */
function withOffset<T>(value: T, minutes: number): T {
  if (Array.isArray(value)) return value.map((v) => withOffset(v, minutes)) as T;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, STAMPS.has(k) && typeof v === 'string' ? local(v, minutes) : withOffset(v, minutes)])) as T;
}

function local(iso: string, minutes: number): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return new Date(ms + minutes * 60_000).toISOString().replace('Z', zone);
}

const OUT: Record<string, string> = {
  conversations_list: 'fiko/ws-out-conversations-list',
  new_customer_message: 'fiko/ws-out-new-customer-message',
  conversation_updated: 'fiko/ws-out-conversation-updated',
  chat_message: 'fiko/ws-out-chat-message',
  recent_messages: 'fiko/ws-out-recent-messages',
  typing_indicator: 'fiko/ws-out-typing-indicator',
  messages_read: 'fiko/ws-out-messages-read',
  user_presence: 'fiko/ws-out-user-presence',
  error: 'fiko/ws-out-error',
};
