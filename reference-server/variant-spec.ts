// What a compliant variant is, as data: the other reading it takes, the decision it departs from, and
// what it changes (`apply`), read at a few seams (variant-seams.ts and the dialect rules). Dialects keep
// their tables in <dialect>/variants.ts.
import type { ErrorCode, ServerError } from './errors.ts';

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
  /** admission: a refused socket is accepted, told why in this error frame, then closed (001 §Error Handling, 002 §Common Errors) */
  refusalFrame?: (err: ServerError) => Record<string, unknown>;
  /** auth: the login and refresh endpoints live elsewhere; the documented paths answer 404 */
  login?: LoginElsewhere;
  /** routes table: these operations of the profile's rest are not served (405/404) */
  unrouted?: string[];
  /** validation and REST shapes, per dialect (read where that rule is enforced) */
  rules?: Partial<Rules>;
  /** the target file's `endpoints`, so the harness can reach what moved */
  endpoints?: Record<string, Record<string, unknown>>;
  /** admission: at most `count` sockets admitted per user within any `seconds`; the next upgrade answers HTTP 403 */
  socketLimit?: { count: number; seconds: number };
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
  /** medmapp: messages of the fixture conversation's history (45: more than two pages of 20) */
  seedMessages: number;
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
  /** fiko: how many messages recent_messages carries (D-fiko-06: 50) */
  recentLimit: number;
  /** fiko: no user_presence frames at all (D-fiko-10: first open, last close) */
  noPresence: boolean;
  /** fiko: an agent's chat_message carries external_send_result (D-fiko-07: omitted, no platform); 'failed': the send to the platform failed */
  externalSendResult: boolean | 'failed';
  /** fiko: error frames carry `error` alone (D-fiko-04: `message` too) */
  errorWithoutMessage: boolean;
  /** fiko: typing_indicator reaches the typing socket too (D-fiko-08: the others only) */
  typingEcho: boolean;
  /** fiko: typing_indicator reaches the other users' sockets only, not the typist's own other sockets (D-fiko-08: every other socket) */
  typingOtherUsersOnly: boolean;
  /** fiko: timestamps in local time with this UTC offset, in minutes (D-fiko-15: UTC with `Z`, 0) */
  utcOffsetMinutes: number;
  /** carechat: POST /chat/chats/ status for a new chat and for an existing one (D-carechat-02: 201, 200) */
  chatCreatedStatus: number;
  chatExistingStatus: number;
  /** carechat: the Authorization header wins over `?token=` when both are given (D-carechat-10: the query) */
  headerPreferred: boolean;
  /** carechat: the error text for a role the sender does not hold in the chat (D-carechat-06) */
  wrongRoleText: string;
  /** carechat: accepted messages per second per connection, 0 = no limit (D-carechat-12) */
  messagesPerSecond: number;
  /** carechat: `created_at` digits after the second (D-carechat-16: 6, microseconds as shown) */
  fractionDigits: number;
}

export const DEFAULT_RULES: Rules = {
  historyPageSize: 20,
  historyNewestFirst: false,
  absoluteLinks: false,
  listPageSize: 0,
  seedMessages: 45,
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
  recentLimit: 50,
  noPresence: false,
  externalSendResult: false,
  errorWithoutMessage: false,
  typingEcho: false,
  typingOtherUsersOnly: false,
  utcOffsetMinutes: 0,
  chatCreatedStatus: 201,
  chatExistingStatus: 200,
  headerPreferred: false,
  wrongRoleText: 'Invalid role for this chat',
  messagesPerSecond: 0,
  fractionDigits: 6,
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
  /**
   * Set when a run against this variant is slow by design (it paces itself to a limit): the variant matrix
   * leaves it out, and the test named here proves it compliant instead, with a short window.
   */
  provedBy?: string;
  apply: VariantEffect;
}

export const v = <N extends string>(name: N, reading: string, decision: string, apply: VariantEffect, departs?: VariantSpec['departs'], masks?: VariantSpec['masks']) =>
  ({ name, reading, decision, apply, ...(departs ? { departs } : {}), ...(masks ? { masks } : {}) }) as const;

/** The documented figure of a per-user connection limit as a real Fiko backend has it: 10 sockets a minute. */
export const SOCKET_LIMIT = { count: 10, seconds: 60 } as const;

/**
 * The same variant in every dialect's table: a server that limits sockets per user (HTTP 403 beyond), which
 * no document forbids. `decision` is the dialect's entry on limits its document leaves out.
 */
export const socketLimitVariant = (decision: string) =>
  ({
    name: 'socket-limit',
    reading: `at most ${SOCKET_LIMIT.count} sockets per user within any ${SOCKET_LIMIT.seconds} s, HTTP 403 beyond (no document forbids a connection limit; serve --socket-limit N/S changes the figures)`,
    decision,
    provedBy: 'test/harness/socket-limit.test.ts',
    apply: { socketLimit: { ...SOCKET_LIMIT } },
  }) as const;
