// Compliant variants, the dual of faults: each one makes the reference server take another reading that
// its document allows where schemas/DECISIONS.md picked one, so that a check can be shown NOT to fail a
// server for what the document leaves open. A variant is data: what it changes (`apply`) is read at a few
// seams (admission close codes, serialization, delivery, validation, auth and the routes table), never by
// name inside a handler. Names are a contract with the tests: never rename one, only add.
import type { ErrorCode } from './errors.ts';

/** A login that is not where the profile says: the reference server mounts it instead of the documented one. */
export interface LoginElsewhere {
  path: string;
  /** documented body field -> the name this server reads */
  fields: Record<string, string>;
  /** `{"tokens": {access, refresh}, "user": {...}}` instead of SimpleJWT's flat pair */
  nested: boolean;
  refreshPath: string;
}

/** What a variant changes, one field per seam; absent means the decided behaviour. */
export interface VariantEffect {
  /** admission and close codes: the close code of a refusal, by error code (an explicit fault code wins) */
  close?: Partial<Record<ErrorCode, number>>;
  /** delivery: the sender's own socket gets no copy of its message */
  noEcho?: true;
  /** delivery: every frame of a connection is handled one at a time, this long after the previous one (rate decided then) */
  paceMs?: number;
  /** validation: message text is trimmed before it is stored */
  trim?: true;
  /** validation: the socket is closed (4000) after any error frame */
  closeAfterError?: true;
  /** auth: the login and refresh endpoints live elsewhere; the documented paths answer 404 */
  login?: LoginElsewhere;
  /** routes table: these operations of the profile's rest are not served (405/404) */
  unrouted?: string[];
  /** validation and REST shapes, per dialect (read where that rule is enforced) */
  rules?: Partial<Rules>;
  /** the target file's `endpoints`, so the harness can reach what moved */
  endpoints?: Record<string, Record<string, unknown>>;
}

/** Rules a dialect reads at the place it enforces them; the defaults are DECISIONS.md's. */
export interface Rules {
  /** medmapp: history page size (D-medmapp-09: 20) */
  historyPageSize: number;
  /** medmapp: history order (D-medmapp-09: oldest first) */
  historyNewestFirst: boolean;
  /** medmapp: `next`/`previous` as absolute URLs (D-medmapp-10: absolute paths) */
  absoluteLinks: boolean;
  /** medmapp: conversation list page size, 0 = not paginated (D-medmapp-20), newest created first when paginated */
  listPageSize: number;
  /** medmapp: extra closed conversations of the fixture pair seeded, so that the list has several pages */
  extraListConversations: number;
  /** medmapp: an empty or missing title is accepted on create (D-medmapp-01 requires one) */
  titleOptional: boolean;
  /** medmapp: create requires this extra field, an existing user's id (400 without it) */
  requiredCreateField: string;
  /** medmapp: a second active conversation of the same patient-operator pair is refused with 400 */
  onePerPair: boolean;
  /** medmapp: chat_message frames carry sender {id, full_name} and no attachments, exactly as §3.3's comment */
  minimalFrameSender: boolean;
  /** medmapp: the rate-limit frame is §3.5's verbatim, without `type` */
  rateFrameAsDocumented: boolean;
  /** REST access to a conversation or room of someone else answers 403 instead of 404 */
  foreignIs403: boolean;
  /** medmapp: the create's status (D-medmapp-01: 201) */
  createStatus: number;
  /** carinfopro: a start for an unknown owner answers 404 (D-carinfopro-03: 400) */
  unknownOwner404: boolean;
  /** carinfopro: the start's status (D-carinfopro-03: 201) */
  startStatus: number;
  /** carinfopro: no length limit on a message (D-carinfopro-08: 4000 characters) */
  noLengthLimit: boolean;
  /** carinfopro: text is HTML-escaped before it is stored (D-carinfopro-11: verbatim) */
  escapeHtml: boolean;
  /** carinfopro: rooms listed by created_at descending (D-carinfopro-04: updated_at, then created_at) */
  roomsByCreated: boolean;
}

export const DEFAULT_RULES: Rules = {
  historyPageSize: 20,
  historyNewestFirst: false,
  absoluteLinks: false,
  listPageSize: 0,
  extraListConversations: 0,
  titleOptional: false,
  requiredCreateField: '',
  onePerPair: false,
  minimalFrameSender: false,
  rateFrameAsDocumented: false,
  foreignIs403: false,
  createStatus: 201,
  unknownOwner404: false,
  startStatus: 201,
  noLengthLimit: false,
  escapeHtml: false,
  roomsByCreated: false,
};

export interface VariantSpec {
  name: string;
  /** The other reading the document allows, one line. */
  reading: string;
  /** The DECISIONS.md entry it departs from. */
  decision: string;
  /**
   * Set when the variant also departs from what the document itself states (a real server's deviation the
   * target file can describe): the checks of that statement fail by design, every other check must not.
   */
  departs?: { statement: string; checks: readonly string[] };
  /**
   * Faults whose broken promise this reading leaves nothing to observe by (fault name -> why). The fault
   * proofs with every variant on leave this variant out for those faults, and only for them.
   */
  masks?: Readonly<Record<string, string>>;
  apply: VariantEffect;
}

const v = <N extends string>(name: N, reading: string, decision: string, apply: VariantEffect, departs?: VariantSpec['departs'], masks?: VariantSpec['masks']) =>
  ({ name, reading, decision, apply, ...(departs ? { departs } : {}), ...(masks ? { masks } : {}) }) as const;

const MEDMAPP = [
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
] as const;

const OWN_CLOSE_CODES = {
  AUTH_MISSING: 4401, TOKEN_INVALID: 4401, TOKEN_EXPIRED: 4401, TOKEN_WRONG_TYPE: 4401, FORBIDDEN_ROOM: 4403, UNKNOWN_ROOM: 4404, BAD_WS_PATH: 4400,
} as const;

const CARINFOPRO = [
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
] as const;

export type MedmappVariant = (typeof MEDMAPP)[number]['name'];
export type CarinfoproVariant = (typeof CARINFOPRO)[number]['name'];
export type VariantName = MedmappVariant | CarinfoproVariant;

export const VARIANTS: Record<string, readonly VariantSpec[]> = { medmapp: MEDMAPP, carinfopro: CARINFOPRO };

/** The variants switched on for one server, merged into one effect the seams read. */
export class VariantSet {
  readonly effect: Readonly<Omit<VariantEffect, 'rules'>>;
  readonly rules: Readonly<Rules>;

  constructor(private readonly specs: readonly VariantSpec[] = []) {
    const effect: VariantEffect = {};
    const rules: Rules = { ...DEFAULT_RULES };
    for (const s of specs) {
      const { rules: r, close, endpoints, unrouted, ...rest } = s.apply;
      Object.assign(effect, rest);
      if (close) effect.close = { ...effect.close, ...close };
      if (endpoints) effect.endpoints = mergeEndpoints(effect.endpoints ?? {}, endpoints);
      if (unrouted) effect.unrouted = [...(effect.unrouted ?? []), ...unrouted];
      Object.assign(rules, r);
    }
    this.effect = effect;
    this.rules = rules;
  }

  has(name: VariantName): boolean {
    return this.specs.some((s) => s.name === name);
  }

  get size(): number {
    return this.specs.length;
  }

  list(): string[] {
    return this.specs.map((s) => s.name);
  }
}

function mergeEndpoints(a: Record<string, Record<string, unknown>>, b: Record<string, Record<string, unknown>>) {
  const out = { ...a };
  for (const [k, e] of Object.entries(b)) out[k] = { ...out[k], ...e };
  return out;
}

/** Validates variant names against the dialect's table; an unknown name is a usage error naming the valid ones. */
export function parseVariants(dialect: string, names: readonly string[] = []): VariantSet {
  const table = VARIANTS[dialect] ?? [];
  const unknown = names.filter((n) => !table.some((s) => s.name === n));
  if (unknown.length > 0) {
    throw new Error(
      `unknown variant${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `'${n}'`).join(', ')} for profile ${dialect}; ` +
        `valid names: ${table.map((s) => s.name).join(', ') || '(none)'}`,
    );
  }
  return new VariantSet(table.filter((s) => names.includes(s.name)));
}
