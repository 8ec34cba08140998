// The one place where Medmapp frames become bytes: §3.3/§3.5 error frames (D-medmapp-04) and the other
// outgoing frames. REST error bodies are DRF's (django.ts, D-medmapp-16).
import type { ServerError } from '../errors.ts';
import type { FaultSet } from '../faults.ts';
import type { SelfCheck } from '../self-check.ts';
import type { MedmappMessage } from '../../generated/types/medmapp/message.ts';

export interface ErrorFrame {
  type?: 'error';
  error: string;
  code?: string;
  [extra: string]: unknown;
}

export function errorFrame(err: ServerError, faults: FaultSet): ErrorFrame {
  const frame: ErrorFrame = { type: 'error', error: err.message, code: err.code, ...err.extra };
  if (faults.has('error-frame-without-type')) delete frame.type;
  if (faults.has('error-frame-without-code')) delete frame.code;
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

export const chatMessageFrame = (data: MedmappMessage) => ({ type: 'chat_message' as const, data });

export const statusUpdateFrame = (conversationId: number, status: string, isActive: boolean) => ({
  type: 'status_update' as const,
  data: { conversation_id: conversationId, status, is_active: isActive },
});
