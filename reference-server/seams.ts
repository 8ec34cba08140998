// The hooks correct code calls where a fault may change the outcome: a refusal and its close code, token
// verification and issue, a validator's verdict, a value read, a write, an outgoing frame and a broadcast.
// Handlers name the reason, rule or value; which fault changes it, and how, is data in the dialect's fault
// table (<dialect>/faults.ts). Replies and handshakes are rewritten around the dialect (fault-seams.ts).
import type { ServerContext } from './dialect.ts';
import { ServerError } from './errors.ts';
import type { TokenClaims } from './jwt.ts';
import type { Connection } from './ws.ts';
import type {
  FaultContext, FaultEffects, FrameKind, HazardKey, Json, Publication, ReadKey, Reads, Refusal, Refusals, Rule, WriteKey, Writes,
} from './fault-spec.ts';

const context = (sc: ServerContext, f: FaultEffects, extra: Record<string, unknown> = {}): FaultContext => ({ ...extra, sc, memo: sc.faults.memo(f) });

/** The error as refused for `reason`: tagged with it, and with the close code an admission fault gives it. */
export function refusal(sc: ServerContext, reason: Refusal, err: ServerError): ServerError {
  const fault = sc.faults.at('admit').find((f) => f.admit!.close !== undefined && (!f.admit!.reason || f.admit!.reason === reason) && (!f.admit!.code || f.admit!.code === err.code));
  return new ServerError(err.code, {
    message: err.message,
    // Only a fault's code overrides: otherwise the profile and variants decide (close-codes.ts).
    ...(fault ? { close: fault.admit!.close } : err.closeOverride !== undefined ? { close: err.closeOverride } : {}),
    ...(err.fields ? { fields: err.fields } : {}),
    ...(err.extra ? { extra: err.extra } : {}),
    ...(err.cause !== undefined ? { cause: err.cause } : {}),
    reason,
  });
}

/** True when a fault waives the refusal `reason` (the refused thing goes ahead). */
export function waived(sc: ServerContext, reason: Refusal): boolean {
  return sc.faults.at('waive').some((f) => f.waive!.reason === reason);
}

/**
 * Refuses with `err` for `reason`, unless a fault waives that refusal: then it answers what the fault puts
 * in place of the refused thing (a user, a room), or undefined to go on as if the check had passed.
 */
export async function refuse<R extends Refusal>(sc: ServerContext, reason: R, err: ServerError, ctx: Record<string, unknown> = {}): Promise<Refusals[R]> {
  for (const f of sc.faults.at('waive')) {
    if (f.waive!.reason !== reason) continue;
    if (!f.waive!.as) return undefined as Refusals[R];
    const instead = await f.waive!.as(context(sc, f, ctx));
    if (instead !== undefined) return instead as Refusals[R];
  }
  throw refusal(sc, reason, err);
}

/** The HTTP status an admission fault refuses this socket's handshake with, or undefined (accept, then close). */
export function handshakeStatus(sc: ServerContext, err: ServerError): number | undefined {
  return sc.faults.at('admit').find((f) => f.admit!.handshake !== undefined && (!f.admit!.reason || f.admit!.reason === err.reason))?.admit!.handshake;
}

/** Verifies an access token as `where` (REST or a socket) does; auth faults loosen one rule each. */
export function verifyAccess(sc: ServerContext, token: string, where?: 'rest' | 'ws'): Promise<TokenClaims> {
  const loose = new Set(sc.faults.at('auth').filter((f) => f.auth!.accept && (!f.auth!.where || f.auth!.where === where)).map((f) => f.auth!.accept));
  return sc.jwt.verify(token, {
    ...(loose.has('refresh') ? {} : { type: 'access' as const }),
    ...(loose.has('expired') ? { ignoreExpiry: true } : {}),
    ...(loose.has('unsigned') ? { ignoreSignature: true } : {}),
  });
}

/** The tokens a login answers with. */
export function issue(sc: ServerContext, pair: { access: string; refresh: string }): Partial<{ access: string; refresh: string }> {
  return sc.faults.at('auth').reduce<Partial<typeof pair>>((p, f) => (f.auth!.issue ? f.auth!.issue(p as typeof pair) : p), pair);
}

/** A validator's verdict on `rule`, as a fault may overturn it. */
export function valid(sc: ServerContext, rule: Rule, verdict: boolean): boolean {
  const fault = sc.faults.at('valid').find((f) => f.valid!.rule === rule);
  return fault ? fault.valid!.verdict : verdict;
}

/** A value the code reads (a query's scope, a request field, a setting), as read-faults change it. */
export function read<K extends ReadKey>(sc: ServerContext, key: K, value: Reads[K], ctx: Record<string, unknown> = {}): Reads[K] {
  let out = value;
  for (const f of sc.faults.at('read')) {
    const fn = f.read![key];
    if (fn) out = fn(out, context(sc, f, ctx));
  }
  return out;
}

/** Runs a write, or what a write-fault does instead. */
export function write<K extends WriteKey>(sc: ServerContext, key: K, run: () => Promise<Writes[K]>, ctx: Record<string, unknown> = {}): Promise<Writes[K]> {
  const f = sc.faults.at('write').find((x) => x.write![key]);
  return f ? f.write![key]!(context(sc, f, ctx)) : run();
}

/** A request input as a fuzz fault treats it (a crash, a 500, a hang); the value itself otherwise. */
export async function hazard<T>(sc: ServerContext, key: HazardKey, value: T, ctx: Record<string, unknown> = {}): Promise<T> {
  for (const f of sc.faults.at('hazard')) {
    const fn = f.hazard![key];
    if (fn) await fn(value, context(sc, f, ctx));
  }
  return value;
}

const kindMatches = (want: FrameKind | readonly FrameKind[] | undefined, kind: FrameKind) =>
  want === undefined || (typeof want === 'string' ? want === kind : want.includes(kind));

/** An outgoing frame after serialization, as frame-faults rewrite it; undefined when one drops it. */
export function frameOut(sc: ServerContext, kind: FrameKind, frame: object, ctx: { code?: string; [key: string]: unknown } = {}): Json | undefined {
  let out: Json | undefined = frame as Json;
  for (const f of sc.faults.at('frame')) {
    const spec = f.frame!;
    if (!spec.edit || !kindMatches(spec.kind, kind) || (spec.code && spec.code !== ctx.code)) continue;
    out = spec.edit(out, context(sc, f, ctx));
    if (out === undefined) return undefined;
  }
  return out;
}

/** True when a fault closes the socket after a frame of `kind`. */
export function closesAfter(sc: ServerContext, kind: FrameKind): boolean {
  return sc.faults.at('frame').some((f) => f.frame!.close === true && kindMatches(f.frame!.kind, kind));
}

/**
 * Answers on `conn` with the error frame `frame` (through the frame seam) and closes after it where a fault
 * or a variant says so. `text` is the dialect's serializer (self-checked against its schema).
 */
export function sendErrorFrame(sc: ServerContext, conn: Connection<unknown>, frame: object, ctx: { code?: string; [key: string]: unknown }, text: (frame: Json) => string): void {
  const out = frameOut(sc, 'error', frame, ctx);
  if (!out) return;
  const serialized = text(out);
  conn.run(async () => {
    conn.send(serialized);
    if (closesAfter(sc, 'error') || sc.variants.effect.closeAfterError) conn.close(new ServerError('BAD_WS_PATH'));
  });
}

/** Delivers one broadcast of `conn` through the delivery faults, then `send` (the bus). */
export function deliver(sc: ServerContext, conn: Connection<unknown>, pub: Publication, send: (p: Publication) => Promise<void>): Promise<void> {
  const chain = sc.faults.at('deliver');
  const step = (i: number) => async (p: Publication): Promise<void> => {
    const f = chain[i];
    if (!f) return send(p);
    await f.deliver!(p, { conn, sc, next: step(i + 1) });
  };
  return step(0)(pub);
}
