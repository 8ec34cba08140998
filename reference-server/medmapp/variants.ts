// Medmapp's compliant variants (document 000): each takes another reading the document allows where
// schemas/DECISIONS.md picked one. Names are a contract with the tests: never rename one, only add.
import { socketLimitVariant, v } from '../variant-spec.ts';

export const MEDMAPP_VARIANTS = [
  v('unknown-conversation-4000', 'an id that names no conversation is a "wrong URL" (§3.4 4000 Bad Request), not "no access" (4003)', 'D-medmapp-07', { close: { UNKNOWN_ROOM: 4000 } }),
  v('no-echo', "a message goes to the conversation's other sockets only; the sender renders its own", 'D-medmapp-18', { noEcho: true }),
  v('history-page-size-10', 'history pages hold 10 messages (§2.3 gives no page size)', 'D-medmapp-09', { rules: { historyPageSize: 10 } }),
  v('history-newest-first', 'history is ordered newest first (§2.3 gives no order)', 'D-medmapp-09', { rules: { historyNewestFirst: true } }),
  v('absolute-page-links', '`next`/`previous` are absolute URLs, as DRF renders them', 'D-medmapp-10', { rules: { absoluteLinks: true } }),
  v('conversations-paginated', 'the conversation list is paginated (2 per page, newest created first), so the fixture conversation is not on page 1', 'D-medmapp-20', {
    rules: { listPageSize: 2, extraListConversations: 2 },
  }),
  v('rate-limit-at-processing', 'frames are handled one at a time, 25 ms apart, and the 5/s bucket is applied when a frame is handled, not when it arrives', 'D-medmapp-06', { paceMs: 25 }),
  v('empty-title-accepted', 'the title is optional: an empty or missing title creates the conversation (§2.2 only shows one)', 'D-medmapp-01', { rules: { titleOptional: true } }),
  v('content-trimmed', 'message text is trimmed before it is stored (the document is silent)', 'D-medmapp-13', { trim: true }),
  v('close-after-error', 'the socket is closed (4000) after an error frame (the document does not say it stays open)', 'D-medmapp-04', { closeAfterError: true }, undefined, {
    'rate-limit-never-resets': 'the connection whose limiter the fault keeps shut is closed after its first refusal, and a new one has a limiter of its own (D-medmapp-06: per connection)',
  }),
  v('login-elsewhere', 'login at POST /api/login/ {"phone_number", "password"} answering {"tokens": {access, refresh}, "user"}; refresh at POST /api/login/refresh/', 'D-medmapp-14', {
    login: { path: '/api/login/', fields: { phone: 'phone_number' }, nested: true, refreshPath: '/api/login/refresh/' },
    endpoints: {
      'auth.login': { path: '/api/login/', fields: { phone: 'phone_number' }, accessPath: 'tokens.access', refreshPath: 'tokens.refresh' },
      'auth.refresh': { path: '/api/login/refresh/' },
    },
  }, { statement: '000 §1 names POST /api/token/ {"phone", "password"} -> {"access", "refresh"}', checks: ['medmapp-auth-01', 'medmapp-auth-02'] }),
  v('create-requires-created-by', 'create needs one more field, `created_by` (a user id), named in the target file (400 without it)', 'D-medmapp-01', {
    rules: { requiredCreateField: 'created_by' },
    endpoints: { 'conversations.create': { body: { created_by: '{users.operator.id}' } } },
  }),
  v('create-200', 'POST /api/conversations/ answers 200 (§2.2 shows the request, no status)', 'D-medmapp-01', { rules: { createStatus: 200 } }),
  v('one-active-per-pair', 'a patient and an operator have at most one active conversation: a second create for the pair answers 400', 'D-medmapp-01', { rules: { onePerPair: true } }),
  v('status-not-changeable', 'no endpoint changes the status (§3.3 names status_update, no endpoint is documented): PATCH answers 405', 'D-medmapp-02', { unrouted: ['conversations.update'] }),
  v('minimal-frame-sender', "chat_message frames carry sender {id, full_name} and no attachments, exactly as §3.3's comment shows", 'D-medmapp-03', { rules: { minimalFrameSender: true } }),
  v('rate-limit-frame-as-documented', "the rate-limit frame is §3.5's verbatim, without `type`", 'D-medmapp-04', { rules: { rateFrameAsDocumented: true } }),
  v('foreign-conversation-403', "REST access to someone else's conversation answers 403 instead of 404", 'D-medmapp-17', { rules: { foreignIs403: true } }),
  v('error-before-refusal', 'a refused socket is told why in an error frame ({"type": "error", "error", "code"}, the frame §3.3\'s client handles) before its close code', 'D-medmapp-08', {
    refusalFrame: (err) => ({ type: 'error', error: err.message, code: err.code }),
  }),
  v('small-fixture', "the fixture conversation holds 3 messages, less than a page: a real server's fixture is what its team seeded (000 promises no history size)", 'D-medmapp-09', { rules: { seedMessages: 3 } }),
  socketLimitVariant('D-medmapp-06'),
] as const;


export type MedmappVariant = (typeof MEDMAPP_VARIANTS)[number]['name'];
