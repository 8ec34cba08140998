// Shared verifiers (h2spec's VerifyConnectionError & co.): each states every acceptable outcome and what
// happened, records it on the context, and throws CheckFailure when the target broke the requirement.
import { validate } from '../core/schemas.ts';
import { CheckFailure, type Observation } from './check.ts';
import type { CheckContext } from './context.ts';
import type { HttpResponse } from '../client/http.ts';
import type { Frame, WsProbe } from '../client/ws.ts';

export const HANDSHAKE_403_HINT =
  'The server refused the WebSocket upgrade with an HTTP status, so no client (a browser least of all) ever sees the close code the document promises. ' +
  'Usual cause: a Django Channels consumer that calls self.close(code) before self.accept() in connect(); Channels then rejects the handshake with HTTP 403. ' +
  'Fix: call self.accept() first, then self.close(code=…).';

/** The close-before-accept hint fits a 403 (what Channels answers); a 5xx is the server failing, not that. */
export function handshakeHint(status: number): string | undefined {
  return status === 403 ? HANDSHAKE_403_HINT : undefined;
}

export function fail(o: Observation): never {
  throw new CheckFailure(o);
}

function pass(ctx: CheckContext, o: Observation): void {
  ctx.observe(o);
}

export function short(value: unknown, max = 300): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  if (s === undefined) return String(value);
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

export function describeFrames(frames: Frame[], max = 5): string {
  if (!frames.length) return 'no frame';
  const shown = frames.slice(-max).map((f) => short(f.text, 160));
  return `${frames.length} frame(s)${frames.length > max ? `, last ${max}` : ''}: ${shown.join(' | ')}`;
}

export function describeHandshake(probe: WsProbe): string {
  const h = probe.handshake;
  switch (h.kind) {
    case 'open':
      return probe.closed ? `accepted, then closed with ${probe.closed.code}${probe.closed.reason ? ` "${probe.closed.reason}"` : ''}` : 'accepted and open';
    case 'refused':
      return `upgrade refused with HTTP ${h.status}${h.body ? `: ${short(h.body, 120)}` : ''}`;
    case 'timeout':
      return 'no answer to the upgrade request within the timeout';
    case 'error':
      return `connection error: ${h.message}`;
  }
}

/** The socket is accepted and then closed with one of `codes` (the document's close-code table). */
export async function expectClose(ctx: CheckContext, probe: WsProbe, codes: number[], what: string): Promise<void> {
  const expected = codes.map((c) => `upgrade accepted (101), then close frame with code ${c}`);
  const h = probe.handshake;
  if (h.kind === 'refused') {
    fail({ expected, observed: describeHandshake(probe), reason: `${what}: the upgrade was refused with HTTP ${h.status}, so the close code ${codes.join('/')} is never delivered`, hint: handshakeHint(h.status) });
  }
  if (h.kind !== 'open') fail({ expected, observed: describeHandshake(probe), reason: `${what}: ${describeHandshake(probe)}` });
  const closed = await probe.waitClose();
  if (!closed) {
    fail({ expected, observed: `socket still open after ${ctx.timeoutMs} ms; ${describeFrames(probe.frames)}`, reason: `${what}: the server accepted the socket and never closed it` });
  }
  const observed = `accepted, then closed with ${closed.code}${closed.reason ? ` "${closed.reason}"` : ''}`;
  const source = ctx.check.decision ? `decision ${ctx.check.decision} expects` : 'the document promises';
  const silent = ctx.check.decision ? ' (the document names no code for this; any close before a frame meets the document)' : '';
  if (!codes.includes(closed.code)) fail({ expected, observed, reason: `${what}: closed with ${closed.code}, ${source} ${codes.join(' or ')}${silent}` });
  pass(ctx, { expected, observed, reason: `${what}: closed with ${closed.code} as ${ctx.check.decision ? `decision ${ctx.check.decision} expects` : 'documented'}` });
}

/** The socket is accepted and stays usable. */
export function expectOpen(ctx: CheckContext, probe: WsProbe, what: string): void {
  const expected = ['upgrade accepted (101) and the socket left open'];
  if (probe.handshake.kind !== 'open' || probe.closed) {
    fail({
      expected,
      observed: describeHandshake(probe),
      reason: `${what}: ${describeHandshake(probe)}`,
      hint: probe.handshake.kind === 'refused' ? handshakeHint(probe.handshake.status) : undefined,
    });
  }
  pass(ctx, { expected, observed: 'accepted and open', reason: `${what}: accepted` });
}

export function expectStatus(ctx: CheckContext, res: HttpResponse, statuses: number[], what: string): void {
  const expected = statuses.map((s) => `HTTP ${s}`);
  const observed = `HTTP ${res.status} ${res.contentType.split(';')[0]}: ${short(res.text, 200)}`;
  if (!statuses.includes(res.status)) fail({ expected, observed, reason: `${what}: answered ${res.status}, expected ${statuses.join(' or ')}` });
  pass(ctx, { expected, observed, reason: `${what}: ${res.status}` });
}

export function expectSchema(ctx: CheckContext, key: string, value: unknown, what: string): void {
  const verdict = validate(key, value);
  const expected = [`a value valid against schemas/${key}.schema.json`];
  if (!verdict.ok) {
    fail({ expected, observed: `${short(value, 400)}\nviolations: ${verdict.errors.slice(0, 8).join('; ')}`, reason: `${what} does not match ${key}: ${verdict.errors[0]}` });
  }
  pass(ctx, { expected, observed: short(value, 400), reason: `${what} matches ${key}` });
}

/** A JSON body (not HTML, not empty) that matches the schema. */
export function expectJsonBody(ctx: CheckContext, res: HttpResponse, key: string, what: string): void {
  if (res.json === undefined) {
    fail({ expected: [`a JSON body valid against ${key}`], observed: `HTTP ${res.status} ${res.contentType || 'no content-type'}: ${short(res.text, 200) || '(empty)'}`, reason: `${what}: the body is not JSON` });
  }
  expectSchema(ctx, key, res.json, what);
}

/** The next frame that satisfies `match`, within the timeout. */
export async function expectFrame(ctx: CheckContext, probe: WsProbe, match: (f: Frame) => boolean, what: string, timeoutMs = ctx.timeoutMs): Promise<Frame> {
  const frame = await probe.nextFrame(match, timeoutMs);
  if (!frame) {
    const state = probe.closed ? `socket closed with ${probe.closed.code}` : probe.handshake.kind !== 'open' ? describeHandshake(probe) : `nothing matching within ${timeoutMs} ms`;
    fail({ expected: [what], observed: `${state}; ${describeFrames(probe.frames)}`, reason: `${what}: not received (${state})` });
  }
  pass(ctx, { expected: [what], observed: short(frame.text), reason: `${what}: received` });
  return frame;
}

/**
 * The first frame satisfying `match` on any of `probes` (who receives is often a decision; that someone
 * does is the document's): the frame and the label of the probe it came on.
 */
export async function expectFrameOnAny(ctx: CheckContext, probes: { probe: WsProbe; label: string }[], match: (f: Frame) => boolean, what: string, timeoutMs = ctx.timeoutMs): Promise<{ frame: Frame; on: string }> {
  const hit = await new Promise<{ frame: Frame; on: string } | undefined>((resolve) => {
    let pending = probes.length;
    if (pending === 0) resolve(undefined);
    for (const { probe, label } of probes) {
      void probe.nextFrame(match, timeoutMs).then((frame) => {
        if (frame) resolve({ frame, on: label });
        else if (--pending === 0) resolve(undefined);
      });
    }
  });
  const where = probes.map((p) => p.label).join(', ');
  if (!hit) {
    const seen = probes.map((p) => `${p.label}: ${p.probe.closed ? `closed ${p.probe.closed.code}; ` : ''}${describeFrames(p.probe.frames, 3)}`).join(' || ');
    fail({ expected: [`${what} on one of: ${where}`], observed: seen, reason: `${what}: not received on any of ${where} within ${timeoutMs} ms` });
  }
  pass(ctx, { expected: [`${what} on one of: ${where}`], observed: `on ${hit.on}: ${short(hit.frame.text)}`, reason: `${what}: received on ${hit.on}` });
  return hit;
}

/** No frame satisfying `match` arrives within `ms`. */
export async function expectNoFrame(ctx: CheckContext, probe: WsProbe, match: (f: Frame) => boolean, ms: number, what: string): Promise<void> {
  const frames = await probe.collect(ms, match, 1);
  if (frames.length) fail({ expected: [what], observed: describeFrames(frames), reason: `${what}: but got ${short(frames[0].text, 160)}` });
  pass(ctx, { expected: [what], observed: `no such frame in ${ms} ms`, reason: what });
}

/** The socket is still open (not closed by the server) after `ms`. */
export async function expectStillOpen(ctx: CheckContext, probe: WsProbe, ms: number, what: string): Promise<void> {
  const closed = await probe.waitClose(ms);
  if (closed || probe.handshake.kind !== 'open') {
    fail({ expected: ['the socket stays open'], observed: describeHandshake(probe), reason: `${what}: ${describeHandshake(probe)}` });
  }
  pass(ctx, { expected: ['the socket stays open'], observed: 'open', reason: what });
}

export function expectEqual(ctx: CheckContext, actual: unknown, wanted: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const w = JSON.stringify(wanted);
  if (a !== w) fail({ expected: [short(wanted)], observed: short(actual), reason: `${what}: expected ${short(wanted, 80)}, got ${short(actual, 80)}` });
  pass(ctx, { expected: [short(wanted)], observed: short(actual), reason: what });
}

/** What expectTrue states: the evidence, and the reason for either outcome. */
export interface Verdict {
  expected: string[];
  observed: string;
  /** why the check holds, when it does */
  pass: string;
  /** why it is broken, when it is */
  fail: string;
  hint?: string;
}

export function expectTrue(ctx: CheckContext, ok: boolean, v: Verdict): void {
  const o: Observation = { expected: v.expected, observed: v.observed, reason: ok ? v.pass : v.fail, ...(v.hint ? { hint: v.hint } : {}) };
  if (!ok) fail(o);
  pass(ctx, o);
}

/**
 * The socket was denied: the upgrade refused with an HTTP 4xx, or accepted and then closed by the server
 * before it delivered anything. A socket still open after the timeout was let in. The close code itself is
 * judged elsewhere (expectClose); this is the access rule.
 */
export async function expectDenied(ctx: CheckContext, probe: WsProbe, what: string): Promise<void> {
  const expected = ['upgrade accepted, then closed by the server before any frame but an error frame', 'upgrade refused with an HTTP 4xx status'];
  const h = probe.handshake;
  if (h.kind === 'refused' && h.status >= 400 && h.status < 500) {
    ctx.observe({ expected, observed: describeHandshake(probe), reason: `${what}: refused (HTTP ${h.status})` });
    return;
  }
  if (h.kind !== 'open') fail({ expected, observed: describeHandshake(probe), reason: `${what}: ${describeHandshake(probe)}` });
  const closed = await probe.waitClose();
  if (!closed) {
    fail({ expected, observed: `accepted and still open after ${ctx.timeoutMs} ms; ${describeFrames(probe.frames)}`, reason: `${what}: the server let the socket in` });
  }
  const delivered = probe.frames.filter((f) => !isErrorFrame(f));
  if (delivered.length > 0) {
    fail({ expected, observed: `closed with ${closed.code} after ${describeFrames(probe.frames)}`, reason: `${what}: the server delivered frames other than an error before closing` });
  }
  const told = probe.frames.length ? ` after ${probe.frames.length} error frame(s)` : ' before any frame';
  ctx.observe({ expected, observed: `${describeHandshake(probe)}; ${describeFrames(probe.frames)}`, reason: `${what}: closed with ${closed.code}${told}` });
}

/**
 * An error frame: a JSON object with an `error` text and no other `type` than "error". Documents show one
 * before a refusal's close (001 §Error Handling: "Authentication required"; 002 §Common Errors: "Chat not
 * found"; 000 §3.3 handles `error`), so a refusal may say why before it closes: it tells the client nothing else.
 */
export function isErrorFrame(f: Frame): boolean {
  const j = f.json as Record<string, unknown> | undefined;
  if (!j || typeof j !== 'object' || Array.isArray(j)) return false;
  return typeof j.error === 'string' && (j.type === undefined || j.type === 'error');
}

/** `secret` (a token, a password) appears nowhere in `text`, which was shown to `audience`. */
export function expectNotLeaked(ctx: CheckContext, text: string, secret: string, what: string): void {
  const expected = [`${what} without the secret`];
  if (secret.length > 0 && text.toLowerCase().includes(secret.toLowerCase())) {
    const at = text.toLowerCase().indexOf(secret.toLowerCase());
    const around = text.slice(Math.max(0, at - 60), at) + '[SECRET]' + text.slice(at + secret.length, at + secret.length + 40);
    fail({ expected, observed: `…${around}…`, reason: `${what} contains the secret` });
  }
  ctx.observe({ expected, observed: `${text.length} characters, none of them the secret`, reason: `${what} does not contain the secret` });
}
