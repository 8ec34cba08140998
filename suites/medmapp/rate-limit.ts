// 000 §3.5: at most 5 messages per second; the excess is answered with RATE_LIMIT_EXCEEDED.
import type { Check } from '../../harness/check.ts';
import type { CheckContext } from '../../harness/context.ts';
import { expectFrame, expectSchema, expectTrue } from '../../harness/verify.ts';
import type { Frame, WsProbe } from '../../harness/ws.ts';
import { connectedPair, data, isChat, isChatWith, isRateLimited, uniqueText } from './support.ts';

type Json = Record<string, any>;

interface Burst {
  tag: string;
  sender: WsProbe;
  receiver: WsProbe;
  delivered: string[];
  refusals: Frame[];
}

/** Sends `n` messages back to back on one fresh connection and waits until each is delivered or refused. */
async function burst(ctx: CheckContext, n: number): Promise<Burst> {
  const { patient: sender, operator: receiver } = await connectedPair(ctx);
  const tag = uniqueText('burst');
  for (let i = 1; i <= n; i++) sender.send({ message: `${tag}-${i}` });
  const mine = (f: Frame) => isChat(f) && String(data(f).content).startsWith(tag);
  const limit = ctx.profile.rateLimit?.messagesPerSecond ?? 5;
  // Wait for the expected split (limit delivered, the rest refused), or the timeout.
  await Promise.all([receiver.collect(ctx.timeoutMs, mine, Math.min(n, limit)), sender.collect(ctx.timeoutMs, isRateLimited, Math.max(0, n - limit))]);
  await receiver.collect(150, mine, n); // a short grace for deliveries that should not come
  return { tag, sender, receiver, delivered: receiver.frames.filter(mine).map((f) => String(data(f).content)), refusals: sender.frames.filter(isRateLimited) };
}

export const rateLimit: Check[] = [
  {
    id: 'medmapp-rate-01',
    level: 'MUST',
    doc: '000 §3.5',
    title: 'Five messages within a second are all delivered',
    requirement: '"Limit: 5 xabar/sekund" — up to 5 messages per second are accepted; refusing fewer is a false positive.',
    tags: ['rate-limit', 'websocket'],
    async run(ctx) {
      const b = await burst(ctx, 5);
      expectTrue(ctx, b.delivered.length === 5 && b.refusals.length === 0, {
        expected: ['5 delivered to the other participant, 0 refusals'],
        observed: `${b.delivered.length} delivered, ${b.refusals.length} refused`,
        reason: b.refusals.length ? `${b.refusals.length} of 5 messages refused: the limiter fires below the documented 5 per second` : b.delivered.length === 5 ? 'all 5 delivered' : `only ${b.delivered.length} of 5 delivered`,
      });
    },
  },
  {
    id: 'medmapp-rate-02',
    level: 'MUST',
    doc: '000 §3.5',
    title: 'Messages beyond 5 per second get the documented RATE_LIMIT_EXCEEDED frame',
    requirement: 'Agar limit oshsa: {"error": "Juda ko\'p so\'rov. 1 soniya kuting.", "code": "RATE_LIMIT_EXCEEDED", "retry_after": 1}.',
    tags: ['rate-limit', 'websocket', 'schema'],
    async run(ctx) {
      const b = await burst(ctx, 7);
      expectTrue(ctx, b.refusals.length === 2, {
        expected: ['2 RATE_LIMIT_EXCEEDED frames for messages 6 and 7'],
        observed: `${b.refusals.length} refusal frame(s), ${b.delivered.length} delivered`,
        reason: b.refusals.length === 2 ? 'the 6th and 7th were refused' : `${b.refusals.length} refusals for 7 messages sent within a second`,
      });
      expectSchema(ctx, 'medmapp/ws-out-rate-limit-error', b.refusals[0].json, 'the refusal frame');
    },
  },
  {
    id: 'medmapp-rate-03',
    level: 'MUST',
    doc: '000 §3.5',
    title: 'Refused messages are not delivered',
    requirement: 'A message refused by the limiter is dropped with the error frame: the other participant receives only the accepted five.',
    tags: ['rate-limit', 'websocket'],
    async run(ctx) {
      const b = await burst(ctx, 7);
      const extra = b.delivered.filter((c) => c === `${b.tag}-6` || c === `${b.tag}-7`);
      expectTrue(ctx, b.refusals.length > 0 && extra.length === 0 && b.delivered.length === 5, {
        expected: ['messages 1–5 delivered, 6 and 7 refused and not delivered'],
        observed: `delivered: ${b.delivered.map((c) => c.slice(b.tag.length + 1)).join(', ')}; ${b.refusals.length} refusal(s)`,
        reason: b.refusals.length === 0 ? 'no refusal frame at all (see medmapp-rate-02)' : extra.length ? `refused message(s) ${extra.map((c) => c.slice(b.tag.length + 1)).join(', ')} were delivered anyway` : 'refused messages stayed undelivered',
      });
    },
  },
  {
    id: 'medmapp-rate-04',
    level: 'MUST',
    doc: '000 §3.5',
    title: 'Sending works again after retry_after',
    requirement: '"1 soniya kuting" (wait 1 second): after retry_after seconds a new message is accepted.',
    tags: ['rate-limit', 'websocket'],
    async run(ctx) {
      const b = await burst(ctx, 6);
      const retry = Number((b.refusals[0]?.json as Json | undefined)?.retry_after ?? 1);
      const wait = (Number.isFinite(retry) && retry > 0 && retry <= 5 ? retry : 1) * 1000 + 100;
      ctx.note(`waiting ${wait} ms (retry_after ${retry})`);
      await new Promise((r) => setTimeout(r, wait));
      const text = `${b.tag}-after`;
      b.sender.send({ message: text });
      await expectFrame(ctx, b.receiver, isChatWith(text), `a message sent ${wait} ms after the refusal is delivered`);
      const late = b.sender.frames.filter(isRateLimited).length;
      expectTrue(ctx, late === b.refusals.length, {
        expected: ['no further refusal after waiting retry_after'],
        observed: `${late - b.refusals.length} new refusal(s)`,
        reason: late === b.refusals.length ? 'accepted again after retry_after' : 'refused again after waiting retry_after',
      });
    },
  },
];
