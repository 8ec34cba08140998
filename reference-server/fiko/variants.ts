// Fiko's compliant variants (document 001): each takes another reading the document allows where
// schemas/DECISIONS.md picked one. Names are a contract with the tests: never rename one, only add.
import { socketLimitVariant, v } from '../variant-spec.ts';

export const FIKO_VARIANTS = [
  v('external-send-result', "an agent's chat_message carries external_send_result {success, platform}, as §chat_message shows (the backend forwarded it)", 'D-fiko-07', { rules: { externalSendResult: true } }),
  v('error-without-message', 'error frames carry `error` alone: the handlers read only data.error', 'D-fiko-04', { rules: { errorWithoutMessage: true } }),
  v('unknown-conversation-4404', 'a conversation that does not exist closes with 4404 of its own (the document names no code for it)', 'D-fiko-03', { close: { UNKNOWN_ROOM: 4404 } }),
  // Not a reading the document allows any more: "User presence (online/offline)" is a key feature and the client handles user_presence.
  v('no-presence', 'no user_presence frames (a server without the presence feature)', 'D-fiko-10', { rules: { noPresence: true } }, {
    statement: '"✅ User presence (online/offline)" (§Overview) with §user_presence\'s frame and its handler',
    checks: ['fiko-presence-02'],
  }, { 'no-offline-presence': 'no user_presence at all: nothing to tell offline by' }),
  v('recent-20', 'recent_messages carries the last 20 messages (the document names no number)', 'D-fiko-06', { rules: { recentLimit: 20 } }),
  v('typing-echo', "typing_indicator reaches the typing socket too (the handlers show a colleague's typing; nothing says the sender's own is left out)", 'D-fiko-08', { rules: { typingEcho: true } }),
  v('local-time-offset', 'timestamps in local time with their offset (2024-01-15T15:30:00+05:00, Django with USE_TZ and TIME_ZONE Asia/Tashkent): RFC 3339 all the same', 'D-fiko-15', { rules: { utcOffsetMinutes: 300 } }),
  v('content-trimmed', 'content is trimmed before it is stored (the document is silent)', 'D-fiko-14', { trim: true }),
  v('error-before-refusal', 'a refused socket first gets {"type": "error", "error": "Authentication required"} (or "Conversation not found"), the texts §Error Handling\'s handleError switches on, then 1008', 'D-fiko-02', {
    refusalFrame: (err) => ({ type: 'error', error: err.code === 'FORBIDDEN_ROOM' || err.code === 'UNKNOWN_ROOM' ? 'Conversation not found' : 'Authentication required' }),
  }),
  v('external-send-failed', "an agent's message could not be relayed to Telegram: its chat_message carries external_send_result {\"success\": false, \"error\"} (001 shows only a successful result)", 'D-fiko-07', { rules: { externalSendResult: 'failed' } }),
  v('typing-to-other-users', "typing_indicator goes to the other users of the conversation only (the indicator says who is typing: a colleague's, never one's own): the agent's second socket hears nothing", 'D-fiko-08', { rules: { typingOtherUsersOnly: true } }),
  socketLimitVariant('D-fiko-17'),
] as const;

export type FikoVariant = (typeof FIKO_VARIANTS)[number]['name'];
