// What a fault is, as data: the promise it breaks, the check that detects it, and what it changes at one
// of the seams (seams.ts, fault-seams.ts). Handlers name reasons, rules and values; a fault's entry says
// what becomes of them. Dialects keep their tables in <dialect>/faults.ts.
import type { ErrorCode, ServerError } from './errors.ts';
import type { Reply } from './http.ts';
import type { ServerContext } from './dialect.ts';
import type { RoomRecord, UserRecord } from './store.ts';
import type { Connection } from './ws.ts';

/** Where a fault is applied. */
export type SeamName = 'admit' | 'auth' | 'valid' | 'reply' | 'frame' | 'deliver' | 'read' | 'write';

/**
 * Why a request or a socket is refused, as the handler names it (`refuse(sc, reason, err)`), with what a
 * fault waiving that refusal puts in its place (undefined: the code goes on as if it had passed).
 */
export interface Refusals {
  'ws-bad-path': never;
  'ws-no-credential': RoomRecord | undefined;
  'ws-bad-token': never;
  /** a socket without a token (Fiko, the care chat): a fault waiving it puts a user in its place */
  'ws-no-token': UserRecord;
  'ws-unknown-visitor': RoomRecord | undefined;
  'ws-unknown-room': never;
  'ws-not-participant': undefined;
  'ws-other-owner': undefined;
  'ws-other-room': undefined;
  'rest-no-credential': UserRecord;
  'wrong-password': undefined;
  'rate-limited': undefined;
  'history-not-participant': undefined;
  'history-no-credential': (room: RoomRecord) => boolean;
  'history-other-owner': undefined;
  'history-other-room': undefined;
  'room-list-no-credential': UserRecord;
  /** carechat: a socket for a chat that does not exist */
  'ws-chat-missing': RoomRecord;
}
export type Refusal = keyof Refusals;

/**
 * Rules a dialect adds in its own folder (module augmentation: `declare module '../fault-spec.ts'`), as it
 * adds refusal reasons to `Refusals` and read keys to `Reads`: the shared lists below stop growing.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DialectRules {}

/** The rules validators report a verdict for (`valid(sc, rule, verdict)`); a fault may overturn it. */
export type Rule =
  | keyof DialectRules
  | 'message-not-empty'
  | 'message-type'
  | 'message-length'
  | 'type-known'
  | 'type-may-be-omitted'
  | 'title-present'
  | 'page-in-range'
  | 'start-anonymous'
  | 'start-ignores-authorization'
  | 'start-owner-exists'
  | 'visitor-name-optional'
  | 'history-by-visitor'
  | 'chat-one-side'
  | 'chat-two-users'
  | 'chat-profile-exists'
  | 'role-known'
  | 'role-provider-alias'
  | 'role-explicit'
  | 'role-matches-chat';

export interface RateSpec {
  limit: number;
  windowMs: number;
  penaltyMs?: number;
}

/** Values the code reads (a query's scope, a request field, a setting) that a fault may change (`read`). */
export interface Reads {
  'rate-limit': RateSpec | null;
  'escape-html': boolean;
  'history.offset': number;
  'room-list.member': UserRecord['id'] | undefined;
  'unread.cursor': number | undefined;
  'media.path': string;
  'upload.message': string;
  'update.changes': { status?: string; isActive?: boolean; title?: string };
  'message-type-error': ServerError;
  'start.user_id': unknown;
  'start.visitor-token': string;
  /** carechat: the socket's `?token=` and `Authorization: Bearer` tokens, and which one wins when both are given */
  'ws.query-token': string | null;
  'ws.header-token': string | null;
  'ws.prefer-header': boolean;
  /** carechat: the id of the chat of a patient/professional pair */
  'chat.id': string;
  /** carechat: the role a message without `role` is sent as (ctx: `both`, whether the sender holds both profiles) */
  'role.auto': 'patient' | 'professional';
}
export type ReadKey = keyof Reads;

/** Writes a fault may replace (`write`): the message store and mark_as_read. */
export interface Writes {
  message: void;
  'mark-read': number;
}
export type WriteKey = keyof Writes;

/** Inputs a fuzz fault turns into a crash, a 500 or a hang (`hazard`). */
export type HazardKey = 'create.title' | 'update.status' | 'history.page' | 'start.visitor_name';

/** What a fault function is given besides its value: the context the call site passed, and a per-server memo. */
export interface FaultContext {
  sc: ServerContext;
  /** Per server and fault: state a fault keeps between calls. */
  memo: Map<unknown, unknown>;
  [key: string]: unknown;
}

/**
 * An outgoing WebSocket frame: an error, a chat message (one sent on a socket, or an upload's), a status update;
 * Fiko's list, recent messages, typing, read receipt, presence, new customer message and conversation update.
 */
export type FrameKind = 'error' | 'chat' | 'upload' | 'status' | 'list' | 'history' | 'typing' | 'read' | 'presence' | 'notify' | 'updated';

export type Json = Record<string, unknown>;

/** One broadcast: its room, its text, and the connection left out. */
export interface Publication {
  /** one room, or several (a socket in more than one receives it once) */
  room: string | readonly string[];
  frame: string;
  exclude?: string;
}

export interface DeliveryContext {
  conn: Connection<unknown>;
  sc: ServerContext;
  /** The rest of the delivery (other faults, then the bus). */
  next(p: Publication): Promise<void>;
}

export interface FaultSpec extends FaultEffects {
  name: string;
  /** The promise it breaks, one line. */
  breaks: string;
  /** The id of the check that detects it. */
  check: string;
  /** The seam it is applied at (where its data below is read). */
  seam: SeamName;
  /** Older names still accepted by parseFaults (another dialect's name for the same promise). */
  aliases?: readonly string[];
}

/** What a fault changes, by seam; each field is read by the seam of that name. */
export interface FaultEffects {
  name: string;
  /** admit: the close code (or the HTTP status refusing the handshake) of a refusal, by reason and error code. */
  admit?: { reason?: Refusal; code?: ErrorCode; close?: number; handshake?: number };
  /** admit/auth: the refusal this fault waives, and what it puts in place of the refused thing. */
  waive?: { reason: Refusal; as?: (ctx: FaultContext) => unknown };
  /** auth: what token verification lets through (on `where` only, or everywhere), or what login issues. */
  auth?: { accept?: 'expired' | 'refresh' | 'unsigned'; where?: 'rest' | 'ws'; issue?: (pair: { access: string; refresh: string }) => Partial<{ access: string; refresh: string }> };
  /** valid: the verdict this fault imposes on a rule. */
  valid?: { rule: Rule; verdict: boolean };
  /**
   * reply: the REST reply after serialization. `schema` picks the replies (by the schema key they
   * declare; none: every JSON reply), `op` those of some operations; `fail` replaces them with an error; `edit` rewrites them; `error`
   * rewrites error replies.
   */
  reply?: {
    schema?: string | readonly string[];
    /** only the replies (success or error) of these profile operations (the route's `op`) */
    op?: string | readonly string[];
    fail?: ErrorCode;
    edit?: (reply: Reply, ctx: FaultContext) => Reply | Promise<Reply>;
    error?: (reply: Reply) => Reply;
  };
  /** frame: an outgoing frame after serialization (`kind` none: every frame), dropped when `edit` answers undefined; `close` closes after an error frame. */
  frame?: { kind?: FrameKind | readonly FrameKind[]; code?: ErrorCode; edit?: (frame: Json, ctx: FaultContext) => Json | undefined; close?: boolean };
  /** deliver: who gets a broadcast and when. */
  deliver?: (p: Publication, ctx: DeliveryContext) => Promise<void> | void;
  /** read: values read. */
  read?: { [K in ReadKey]?: (value: Reads[K], ctx: FaultContext) => Reads[K] };
  /** write: writes replaced (the fault's function runs instead of the write). */
  write?: { [K in WriteKey]?: (ctx: FaultContext) => Promise<Writes[K]> };
  /** hazard (fuzz faults): what an input does to the server instead of being validated. */
  hazard?: { [K in HazardKey]?: (value: unknown, ctx: FaultContext) => unknown };
}

/** A fuzz-only fault (fuzz-faults.ts): no check detects it; `chatconform fuzz` finds it. */
export interface FuzzFaultSpec extends FaultEffects {
  /** what goes wrong, one line */
  breaks: string;
}
