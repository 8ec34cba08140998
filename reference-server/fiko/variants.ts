// Fiko's compliant variants (document 001): each takes another reading the document allows where
// schemas/DECISIONS.md picked one. Names are a contract with the tests: never rename one, only add.
import { socketLimitVariant, v } from '../variant-spec.ts';

export const FIKO_VARIANTS = [
  v('external-send-result', "an agent's chat_message carries external_send_result {success, platform}, as §chat_message shows (the backend forwarded it)", 'D-fiko-07', { rules: { externalSendResult: true } }),
  v('error-without-message', 'error frames carry `error` alone: the handlers read only data.error', 'D-fiko-04', { rules: { errorWithoutMessage: true } }),
  v('unknown-conversation-4404', 'a conversation that does not exist closes with 4404 of its own (the document names no code for it)', 'D-fiko-03', { close: { UNKNOWN_ROOM: 4404 } }),
  v('no-presence', 'no user_presence frames (§user_presence shows the frame but never when it is sent)', 'D-fiko-10', { rules: { noPresence: true } }),
  v('recent-20', 'recent_messages carries the last 20 messages (the document names no number)', 'D-fiko-06', { rules: { recentLimit: 20 } }),
  v('typing-echo', "typing_indicator reaches the typing socket too (the handlers show a colleague's typing; nothing says the sender's own is left out)", 'D-fiko-08', { rules: { typingEcho: true } }),
  v('local-time-offset', 'timestamps in local time with their offset (2024-01-15T15:30:00+05:00, Django with USE_TZ and TIME_ZONE Asia/Tashkent): RFC 3339 all the same', 'D-fiko-15', { rules: { utcOffsetMinutes: 300 } }),
  v('content-trimmed', 'content is trimmed before it is stored (the document is silent)', 'D-fiko-14', { trim: true }),
  socketLimitVariant('D-fiko-17'),
] as const;

export type FikoVariant = (typeof FIKO_VARIANTS)[number]['name'];
