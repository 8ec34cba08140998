// The care chat's compliant variants (document 002): each takes another reading the document allows where
// schemas/DECISIONS.md picked one. Names are a contract with the tests: never rename one, only add.
import { socketLimitVariant, v } from '../variant-spec.ts';

const ALL_1008 = {
  AUTH_MISSING: 1008, TOKEN_INVALID: 1008, TOKEN_EXPIRED: 1008, TOKEN_WRONG_TYPE: 1008, FORBIDDEN_ROOM: 1008, UNKNOWN_ROOM: 1008, BAD_WS_PATH: 1008,
} as const;

export const CARECHAT_VARIANTS = [
  v('close-1008', 'every refused socket closes with 1008 (Policy Violation): 002 says only "Connection closed"', 'D-carechat-08', { close: ALL_1008 }),
  v('unknown-chat-4004', 'a chat that does not exist closes with 4004, apart from 4003 for a chat of others', 'D-carechat-08', { close: { UNKNOWN_ROOM: 4004 } }),
  v('create-always-200', 'POST /chat/chats/ answers 200 whether it created the chat or found it (002 shows no status)', 'D-carechat-02', { rules: { chatCreatedStatus: 200 } }),
  v('create-always-201', 'POST /chat/chats/ answers 201 whether it created the chat or found it (002 shows no status)', 'D-carechat-02', { rules: { chatExistingStatus: 201 } }),
  v('other-error-texts', 'a role the sender does not hold is refused with a text of its own (002 lists no text for it)', 'D-carechat-06', { rules: { wrongRoleText: 'You cannot send messages with this role in this chat' } }),
  v('rate-limited', 'at most one message per second per connection, the rate 002 recommends to clients ("no specific rate limits" is "currently")', 'D-carechat-12', { rules: { messagesPerSecond: 1 } }),
  v('header-preferred', 'with both a `?token=` and an Authorization header the header is used (002 gives two methods, no precedence)', 'D-carechat-10', { rules: { headerPreferred: true } }),
  v('whole-second-timestamps', '`created_at` without a fraction of a second ("ISO 8601 formatted timestamp" does not need one)', 'D-carechat-16', { rules: { fractionDigits: 0 } }),
  v('error-before-refusal', 'a refused socket first gets {"error": "Chat not found"} for a chat that does not exist (§Common Errors) or {"error": "Authentication failed"}, then its close', 'D-carechat-08', {
    refusalFrame: (err) => ({ error: err.code === 'UNKNOWN_ROOM' ? 'Chat not found' : err.code === 'FORBIDDEN_ROOM' ? 'Access denied' : 'Authentication failed' }),
  }),
  socketLimitVariant('D-carechat-12'),
] as const;

export type CarechatVariant = (typeof CARECHAT_VARIANTS)[number]['name'];
