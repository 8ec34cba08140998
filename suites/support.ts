// What every suite's checks share, whatever the dialect: unique texts that keep concurrent checks apart,
// the chat socket's path, and the reproduction lines of the requests a check made.
import { randomBytes } from 'node:crypto';
import { expandPath } from '../core/profiles.ts';
import type { CheckContext } from '../harness/context.ts';
import { tokenVar, type HttpStep, type WsStep } from '../harness/reproduce.ts';

export type { Json } from '../core/json.ts';

export function uniqueText(tag: string): string {
  return `cc-${tag}-${randomBytes(4).toString('hex')}`;
}

/** The chat socket of room `id` (the profile's `ws.chat`). */
export function chatPath(ctx: CheckContext, id: number | string): string {
  return expandPath(ctx.profile.ws.chat.path, { id });
}

/**
 * The socket a check opened, for the reproduction lines: `cred` names the profile's WS credential
 * (`token`, `visitor`) carrying `role`'s token, or `literal` (a made-up token); `role` null sends none.
 */
export function wscatLine(ctx: CheckContext, path: string, role: string | null, opts: { literal?: string; cred?: string } = {}): WsStep {
  const param = opts.cred ?? ctx.profile.auth.ws.find((c) => c.in === 'query')?.name ?? 'token';
  const token = opts.literal ?? (role ? tokenVar(role) : undefined);
  return { kind: 'ws', path: token === undefined ? path : `${path}?${param}=${token}` };
}

/** A request a check made, for the reproduction lines; `role` sends its token as a Bearer header. */
export function curlLine(method: string, path: string, role?: string, more: Pick<HttpStep, 'json' | 'form' | 'headers'> = {}): HttpStep {
  return { kind: 'http', method, path, ...(role ? { role } : {}), ...more };
}
