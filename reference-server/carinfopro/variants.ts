// CarInfoPro's compliant variants (document 003): each takes another reading the document allows where
// schemas/DECISIONS.md picked one. Names are a contract with the tests: never rename one, only add.
import { socketLimitVariant, v } from '../variant-spec.ts';

const OWN_CLOSE_CODES = {
  AUTH_MISSING: 4401, TOKEN_INVALID: 4401, TOKEN_EXPIRED: 4401, TOKEN_WRONG_TYPE: 4401, FORBIDDEN_ROOM: 4403, UNKNOWN_ROOM: 4404, BAD_WS_PATH: 4400,
} as const;


export const CARINFOPRO_VARIANTS = [
  v('own-close-codes', 'close codes of its own, HTTP-like (4401/4403/4404/4400), where the document names none', 'D-carinfopro-07', { close: OWN_CLOSE_CODES }),
  v('unknown-owner-404', 'a start for a `user_id` of no owner answers 404 {"detail"} (the owner is not found), not 400', 'D-carinfopro-03', { rules: { unknownOwner404: true } }),
  v('start-200', 'POST /api/chat/start/ answers 200 (the document shows the body, not the status)', 'D-carinfopro-03', { rules: { startStatus: 200 } }),
  v('content-trimmed', 'message text is trimmed before it is stored (the document is silent)', 'D-carinfopro-08', { trim: true }),
  v('no-echo', '"Server broadcasts" to the room\'s other sockets; the sender renders its own', 'D-carinfopro-09', { noEcho: true }),
  v('login-elsewhere', 'owners log in at POST /api/auth/token/ {"phone_number", "password"}; refresh at POST /api/auth/token/refresh/ (003 names no login)', 'D-carinfopro-01', {
    login: { path: '/api/auth/token/', fields: { username: 'phone_number' }, nested: false, refreshPath: '/api/auth/token/refresh/' },
    endpoints: {
      'auth.login': { path: '/api/auth/token/', fields: { username: 'phone_number' }, accessPath: 'access', refreshPath: 'refresh' },
      'auth.refresh': { path: '/api/auth/token/refresh/' },
    },
  }),
  v('close-after-error', 'the socket is closed (4000) after an error frame (the document does not say it stays open)', 'D-carinfopro-08', { closeAfterError: true }),
  v('no-length-limit', 'a message has no length limit (the document names none)', 'D-carinfopro-08', { rules: { noLengthLimit: true } }),
  v('html-escaped', 'text is HTML-escaped before it is stored (the document is silent; Django templates escape)', 'D-carinfopro-11', { rules: { escapeHtml: true } }),
  v('rooms-by-created', 'rooms are listed newest created first (the document gives no order)', 'D-carinfopro-04', { rules: { roomsByCreated: true } }),
  v('foreign-room-403', "history of someone else's room answers 403 instead of 404", 'D-carinfopro-05', { rules: { foreignIs403: true } }),
  socketLimitVariant('D-carinfopro-11'),
] as const;


export type CarinfoproVariant = (typeof CARINFOPRO_VARIANTS)[number]['name'];
