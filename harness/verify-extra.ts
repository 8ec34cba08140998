// Generic verifiers beyond verify.ts (kept apart so that file stays one owner's): access denial that
// does not depend on a close code, and secrets that must not appear in what someone else is shown.
import type { CheckContext } from './context.ts';
import { describeFrames, describeHandshake, fail } from './verify.ts';
import type { WsProbe } from './ws.ts';

/**
 * The socket was denied: the upgrade refused with an HTTP 4xx, or accepted and then closed by the server
 * before it delivered anything. A socket still open after the timeout was let in. The close code itself is
 * judged elsewhere (expectClose); this is the access rule.
 */
export async function expectDenied(ctx: CheckContext, probe: WsProbe, what: string): Promise<void> {
  const expected = ['upgrade accepted, then closed by the server before any frame', 'upgrade refused with an HTTP 4xx status'];
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
  if (probe.frames.length > 0) {
    fail({ expected, observed: `closed with ${closed.code} after ${describeFrames(probe.frames)}`, reason: `${what}: the server delivered frames before closing` });
  }
  ctx.observe({ expected, observed: describeHandshake(probe), reason: `${what}: closed with ${closed.code} before any frame` });
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
