// 000 §3.5: at most 5 messages per second; the excess is answered with RATE_LIMIT_EXCEEDED.
import type { Json } from '../../core/json.ts';
import { CheckBlocked, type Check } from '../../harness/check.ts';
import { expectFrame, expectSchema, expectTrue, fail, short } from '../../harness/verify.ts';
import type { Frame, WsProbe } from '../../client/ws.ts';
import { uniqueText } from '../support.ts';
import { connectedPair, data, isChat, isChatWith, isRateLimited, openChat, type MedmappState, type Ctx } from './support.ts';

interface Burst {
  conversation: number | string;
  tag: string;
  sender: WsProbe;
  receiver: WsProbe;
  delivered: string[];
  refusals: Frame[];
}

/**
 * Sends `n` messages back to back on one fresh connection and waits until each is delivered or refused
 * (or the timeout), then a quiet window for deliveries that should not come. §3.5 says "5 per second",
 * not how the limiter counts: one that refills while it works through the burst may let a 6th through,
 * so the checks ask for at least one refusal, not for exactly two.
 */
async function burst(ctx: Ctx, n: number): Promise<Burst> {
  const { id: conversation, patient: sender, operator: receiver } = await connectedPair(ctx);
  const tag = uniqueText('burst');
  for (let i = 1; i <= n; i++) sender.send({ message: `${tag}-${i}` });
  const mine = (f: Frame) => isChat(f) && String(data(f).content).startsWith(tag);
  const answered = () => receiver.frames.filter(mine).length + sender.frames.filter(isRateLimited).length;
  const until = Date.now() + ctx.timeoutMs;
  while (answered() < n && Date.now() < until && !sender.closed) await Promise.race([receiver.nextFrame(mine, 50), sender.nextFrame(isRateLimited, 50)]);
  await receiver.collect(ctx.quietMs, mine, n + 1);
  return { conversation, tag, sender, receiver, delivered: receiver.frames.filter(mine).map((f) => String(data(f).content)), refusals: sender.frames.filter(isRateLimited) };
}

export const rateLimit: Check<MedmappState>[] = [
  {
    id: 'medmapp-rate-01',
    level: 'MUST',
    doc: '000 §3.5',
    title: 'Five messages within a second are all delivered',
    requirement: '"Limit: 5 xabar/sekund" — up to 5 messages per second are accepted; refusing fewer is a false positive.',
    tags: ['rate-limit', 'websocket'],
    timing: 'alone',
    async run(ctx) {
      const b = await burst(ctx, 5);
      expectTrue(ctx, b.delivered.length === 5 && b.refusals.length === 0, {
        expected: ['5 delivered to the other participant, 0 refusals'],
        observed: `${b.delivered.length} delivered, ${b.refusals.length} refused`,
        pass: 'all 5 delivered',
        fail: b.refusals.length ? `${b.refusals.length} of 5 messages refused: the limiter fires below the documented 5 per second` : `only ${b.delivered.length} of 5 delivered`,
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
    timing: 'alone',
    async run(ctx) {
      const b = await burst(ctx, 7);
      expectTrue(ctx, b.refusals.length >= 1 && b.refusals.length <= 2, {
        expected: ['1 or 2 RATE_LIMIT_EXCEEDED frames for 7 messages sent at once (2 when the limiter counts on arrival, 1 when it refills while it processes)'],
        observed: `${b.refusals.length} refusal frame(s), ${b.delivered.length} delivered`,
        pass: `${b.refusals.length} of 7 refused`,
        fail: b.refusals.length === 0 ? 'no refusal for 7 messages sent within a second' : `${b.refusals.length} refusals: fewer than 5 per second accepted`,
      });
      expectSchema(ctx, 'medmapp/ws-out-rate-limit-error', b.refusals[0].json, 'the refusal frame');
    },
  },
  {
    id: 'medmapp-rate-03',
    level: 'MUST',
    doc: '000 §3.5',
    title: 'Refused messages are not delivered',
    requirement: '"Limit: 5 xabar/sekund" — a message refused by the limiter is answered with the §3.5 frame and not delivered: sent one at a time within a second, the first refused message never reaches the other participant.',
    tags: ['rate-limit', 'websocket'],
    timing: 'alone',
    async run(ctx) {
      // One message at a time, each waiting for its delivery or its refusal, so that the refused message is
      // known by name (the §3.5 frame does not say which one it refuses); then it must not arrive.
      const { patient: sender, operator: receiver } = await connectedPair(ctx);
      const tag = uniqueText('one-by-one');
      const limit = ctx.profile.rateLimit?.messagesPerSecond ?? 5;
      const started = Date.now();
      // The allowance first, back to back (as medmapp-rate-01 sends it), then one message at a time.
      for (let i = 1; i <= limit; i++) sender.send({ message: `${tag}-${i}` });
      await receiver.collect(ctx.timeoutMs, (f) => isChat(f) && String(data(f).content).startsWith(tag), limit);
      for (let i = limit + 1; i <= limit + 10 && Date.now() - started < 1000; i++) {
        const text = `${tag}-${i}`;
        const refusals = sender.frames.filter(isRateLimited).length;
        sender.send({ message: text });
        let first: 'delivered' | 'refused' | undefined;
        for (const until = Date.now() + ctx.timeoutMs; !first && Date.now() < until && !sender.closed; ) {
          if (await receiver.nextFrame(isChatWith(text), 10)) first = 'delivered';
          else if (sender.frames.filter(isRateLimited).length > refusals) first = 'refused';
        }
        if (!first && sender.frames.filter(isRateLimited).length > refusals) first = 'refused';
        if (first === 'delivered') {
          // The refusal, if any, travels on the sender's socket and may trail the delivery a little.
          await new Promise((r) => setTimeout(r, Math.max(20, Math.round(ctx.env.rttMs * 3))));
          if (sender.frames.filter(isRateLimited).length > refusals) {
            fail({ expected: [`message ${i} either delivered or refused`], observed: `message ${i} was delivered and answered with RATE_LIMIT_EXCEEDED`, reason: `message ${i} was refused and delivered anyway` });
          }
          continue;
        }
        if (first !== 'refused') {
          fail({ expected: [`message ${i} delivered or refused`], observed: 'neither within the timeout', reason: `message ${i} of ${tag} was neither delivered nor refused` });
        }
        ctx.note(`message ${i} refused after ${Date.now() - started} ms`);
        const late = await receiver.nextFrame(isChatWith(text), ctx.quietMs);
        expectTrue(ctx, !late, {
          expected: [`message ${i}, refused with RATE_LIMIT_EXCEEDED, never delivered to the other participant`],
          observed: late ? `delivered: ${short(late.json)}` : `not delivered within ${ctx.quietMs} ms of the refusal`,
          pass: `the refused message ${i} stayed undelivered`,
          fail: `message ${i} was refused and delivered anyway`,
        });
        return;
      }
      throw new CheckBlocked({ kind: 'check', id: 'medmapp-rate-02', reason: `no message sent one at a time within a second was refused, so there is no refused message to follow` });
    },
  },
  {
    id: 'medmapp-rate-04',
    level: 'MUST',
    doc: '000 §3.5',
    title: 'Sending works again after retry_after',
    requirement: '"1 soniya kuting" (wait 1 second): after retry_after seconds a new message is accepted.',
    tags: ['rate-limit', 'websocket'],
    timing: 'alone',
    async run(ctx) {
      const b = await burst(ctx, 7);
      if (b.refusals.length === 0) throw new CheckBlocked({ kind: 'check', id: 'medmapp-rate-02', reason: 'no message of the burst was refused, so there is nothing to retry after' });
      const retry = Number((b.refusals[0]?.json as Json | undefined)?.retry_after ?? 1);
      const wait = (Number.isFinite(retry) && retry > 0 && retry <= 5 ? retry : 1) * 1000 + 100;
      ctx.note(`waiting ${wait} ms (retry_after ${retry})`);
      await new Promise((r) => setTimeout(r, wait));
      // A server may close the socket after an error frame (the document does not say it stays open).
      let sender = b.sender;
      if (sender.closed) {
        ctx.note(`the sender's socket was closed with ${sender.closed.code} after the refusal: retrying on a new socket`);
        sender = await openChat(ctx, 'patient', b.conversation, 'patient#2');
      }
      const before = sender.frames.filter(isRateLimited).length;
      const text = `${b.tag}-after`;
      sender.send({ message: text });
      await expectFrame(ctx, b.receiver, isChatWith(text), `a message sent ${wait} ms after the refusal is delivered`);
      const late = sender.frames.filter(isRateLimited).length - before;
      expectTrue(ctx, late === 0, {
        expected: ['no further refusal after waiting retry_after'],
        observed: `${late} new refusal(s)`,
        pass: 'accepted again after retry_after',
        fail: 'refused again after waiting retry_after',
      });
    },
  },
];
