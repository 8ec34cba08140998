// Store records -> Medmapp wire shapes (schemas/medmapp/*.schema.json). Faults that change a shape
// rewrite the reply or frame after it (medmapp/faults.ts), never here.
import { timestamp } from '../django.ts';
import { MEDIA_PREFIX } from '../media.ts';
import type { AttachmentRecord, MessageRecord, RoomRecord, UserRecord } from '../store.ts';
import type { MedmappAttachment } from '../../generated/types/medmapp/attachment.ts';
import type { MedmappConversation } from '../../generated/types/medmapp/conversation.ts';
import type { MedmappMessage } from '../../generated/types/medmapp/message.ts';

/** D-medmapp-12: file_type from the MIME type. */
export function fileType(mime: string): MedmappAttachment['file_type'] {
  const [major = '', minor = ''] = mime.toLowerCase().split('/');
  if (major === 'image' || major === 'video' || major === 'audio') return major;
  if (major === 'text' || /pdf|msword|officedocument|opendocument|rtf|ms-excel|ms-powerpoint/.test(minor)) return 'document';
  return 'other';
}

export function attachmentView(a: AttachmentRecord, origin: string): MedmappAttachment {
  const path = a.path.split('/').map(encodeURIComponent).join('/');
  return {
    id: Number(a.id),
    file: `${origin}${MEDIA_PREFIX}${path}`,
    file_type: fileType(a.mimeType),
    mime_type: a.mimeType,
    size: a.size,
    original_name: a.originalName,
  };
}

export function messageView(m: MessageRecord, sender: UserRecord | undefined, origin: string): MedmappMessage {
  return {
    id: Number(m.id),
    sender: {
      id: Number(m.senderId),
      full_name: sender?.fullName ?? '',
      ...(sender?.role === 'patient' || sender?.role === 'operator' ? { role: sender.role } : {}),
    },
    type: m.type === 'file' ? 'file' : 'text',
    content: m.content,
    created_at: timestamp(m.createdAt),
    is_read_by_recipient: m.readByRecipient,
    attachments: m.attachments.map((a) => attachmentView(a, origin)),
  };
}

export function conversationView(
  room: RoomRecord,
  patient: UserRecord | undefined,
  operator: UserRecord | undefined,
  unread: number,
): MedmappConversation {
  return {
    id: Number(room.id),
    title: room.title,
    patient: { id: Number(patient?.id ?? 0), full_name: patient?.fullName ?? '', ...(patient?.phone ? { phone: patient.phone } : {}) },
    operator: operator ? { id: Number(operator.id), full_name: operator.fullName } : null,
    status: room.status as MedmappConversation['status'],
    is_active: room.isActive,
    last_message_at: room.lastMessageAt === null ? null : new Date(room.lastMessageAt).toISOString(),
    unread_count: unread,
  };
}

export function memberId(room: RoomRecord, role: string): number | undefined {
  const m = room.members.find((x) => x.role === role);
  return m === undefined ? undefined : Number(m.userId);
}

export function isMember(room: RoomRecord, userId: number | string): boolean {
  return room.members.some((m) => String(m.userId) === String(userId));
}
