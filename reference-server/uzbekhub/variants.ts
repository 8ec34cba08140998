// UzbekHub's compliant variants (document 004, its chat): each takes another reading the document allows
// where schemas/DECISIONS.md picked one. Names are a contract with the tests: never rename one, only add.
import { socketLimitVariant, v } from '../variant-spec.ts';
import { ACCOUNT_VARIANTS } from './variants-accounts.ts';
import { SOCIAL_VARIANTS } from './variants-social.ts';
import { LIST_VARIANTS } from './variants-lists.ts';

const ALL_1008 = {
  AUTH_MISSING: 1008, TOKEN_INVALID: 1008, TOKEN_EXPIRED: 1008, TOKEN_WRONG_TYPE: 1008, FORBIDDEN_ROOM: 1008, UNKNOWN_ROOM: 1008, BAD_WS_PATH: 1008,
} as const;

export const UZBEKHUB_VARIANTS = [
  v('token-in-header', 'the socket takes the token from the Authorization header only (§Best Practices: "Token ni URL da yubormang", do not send the token in the URL)', 'D-uzbekhub-08', { rules: { uzHeaderOnly: true } }),
  v('drf-404', '404 bodies are DRF\'s own {"detail": "Not found."}, not §Error Responses\' {"error"}', 'D-uzbekhub-03', { rules: { uzDrf404: true } }),
  v('newest-first', 'list_by_room pages the history newest first (004 gives no order)', 'D-uzbekhub-07', { rules: { historyNewestFirst: true } }),
  v('private-creator-member', 'the creator of a private room is a plain `member` of it (a private chat has no owner in 004)', 'D-uzbekhub-13', { rules: { uzPrivateCreatorMember: true } }),
  v('group-username-required', 'a group room also needs a `username` (§Chat API 2 shows one in every group example)', 'D-uzbekhub-13', { rules: { uzGroupUsernameRequired: true } }),
  v('foreign-404', 'REST operations on a room the caller is not in answer 404, as a queryset filtered to the caller\'s rooms does', 'D-uzbekhub-28', { rules: { uzForeign404: true } }),
  v('relative-links', '`next`/`previous` are paths with their query, not absolute URLs (§15\'s example is absolute, DRF\'s are too; a proxy may strip the host)', 'D-uzbekhub-07', { rules: { uzRelativeLinks: true } }),
  v('typing-echo', 'user_typing reaches the typist\'s own socket too (004 does not say who gets it)', 'D-uzbekhub-10', { rules: { uzTypingEcho: true } }),
  v('no-echo', 'a chat_message goes to the other members\' sockets, not back to the sender\'s (004 does not say)', 'D-uzbekhub-10', { noEcho: true }),
  v('close-1008', 'every refused socket closes with 1008 (Policy Violation): 004 names no close code', 'D-uzbekhub-08', { close: ALL_1008 }),
  // Real servers' differences, beyond any reading of 004: the target file's `endpoints` name them (README,
  // "When your server differs from the document"); only the check of the documented form fails.
  v('history-elsewhere', 'history is served at GET /api/chat/rooms/{id}/messages/ (limit/offset as documented)', 'D-uzbekhub-07', {
    rules: { uzHistoryPath: '/api/chat/rooms/{id}/messages/' },
    endpoints: { 'messages.list': { path: '/api/chat/rooms/{id}/messages/' } },
  }, { statement: '004 §Chat API 15: GET /api/chat/message/<room_id>/list_by_room/', checks: ['uzbekhub-history-07'] }),
  v('members-key', 'rooms name their members `participants`, and list_members answers {"count", "members": […]}', 'D-uzbekhub-13', {
    rules: { uzMembersKey: true },
    endpoints: {
      'rooms.list': { responseFields: { members: 'participants' } },
      'rooms.create': { responseFields: { members: 'participants' } },
      'rooms.get': { responseFields: { members: 'participants' } },
      'rooms.update': { responseFields: { members: 'participants' } },
      'members.list': { itemsPath: 'members' },
    },
  }, { statement: '004 §Chat API 1 and 7: a room\'s "members" array, and list_members as a bare array', checks: ['uzbekhub-rooms-01', 'uzbekhub-members-01'] }, {
    // The target file's itemsPath reads list_members' array out of the object: a fault editing the bare array has nothing to edit.
    'list-paged-members-list': 'list_members is already an object ({count, members}), read through itemsPath',
    'missing-field-members-list': 'list_members is already an object ({count, members}), read through itemsPath',
  }),
  v('clear-with-delete', 'clear_messages is DELETE /api/chat/rooms/{id}/clear_messages/', 'D-uzbekhub-13', {
    rules: { uzClearDelete: true },
    endpoints: { 'rooms.clearMessages': { method: 'DELETE' } },
  }, { statement: '004 §Chat API 6: POST /api/chat/rooms/<pk>/clear_messages/', checks: ['uzbekhub-rooms-12'] }),
  socketLimitVariant('D-uzbekhub-16'),
  ...ACCOUNT_VARIANTS,
  ...SOCIAL_VARIANTS,
  ...LIST_VARIANTS,
] as const;

export type UzbekhubVariant = (typeof UZBEKHUB_VARIANTS)[number]['name'];
