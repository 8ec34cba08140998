// The one place where Medmapp frames become bytes: §3.3/§3.5 error frames (D-medmapp-04) and the other
// outgoing frames. REST error bodies are DRF's (django.ts, D-medmapp-16).
import type { ServerError } from '../errors.ts';
import type { Rules } from '../variants.ts';
import type { SelfCheck } from '../self-check.ts';
import type { MedmappMessage } from '../../generated/types/medmapp/message.ts';

export interface ErrorFrame {
  type?: 'error';
  error: string;
  code?: string;
  [extra: string]: unknown;
}

export function errorFrame(err: ServerError, rules?: Pick<Rules, 'rateFrameAsDocumented'>): ErrorFrame {
  const frame: ErrorFrame = { type: 'error', error: err.message, code: err.code, ...err.extra };
  // §3.5's frame verbatim has no `type` (D-medmapp-04 adds it; a variant leaves it out).
  if (rules?.rateFrameAsDocumented && err.code === 'RATE_LIMIT_EXCEEDED') delete frame.type;
  return frame;
}

/** Serializes a frame once, self-checking it against the schema of its type. */
export function frameText(frame: { type?: string; code?: string }, selfCheck: SelfCheck): string {
  if (selfCheck.enabled) {
    const schema =
      frame.type === 'chat_message' ? 'medmapp/ws-out-chat-message'
      : frame.type === 'status_update' ? 'medmapp/ws-out-status-update'
      : frame.code === 'RATE_LIMIT_EXCEEDED' ? 'medmapp/ws-out-rate-limit-error'
      : 'medmapp/ws-out-error';
    selfCheck.check(schema, frame, `ws ${frame.type ?? 'error'}`);
  }
  return JSON.stringify(frame);
}

/** D-medmapp-03: `sender.role` and `attachments` are optional in frames; a variant sends a text message as §3.3's comment shows it. */
export function chatMessageFrame(data: MedmappMessage, rules?: Pick<Rules, 'minimalFrameSender'>) {
  if (!rules?.minimalFrameSender || data.type !== 'text') return { type: 'chat_message' as const, data };
  const { attachments: _attachments, sender, ...rest } = data;
  return { type: 'chat_message' as const, data: { ...rest, sender: { id: sender.id, full_name: sender.full_name } } as MedmappMessage };
}

export const statusUpdateFrame = (conversationId: number, status: string, isActive: boolean) => ({
  type: 'status_update' as const,
  data: { conversation_id: conversationId, status, is_active: isActive },
});
