// 002 §Rate Limiting, read exactly: "Currently, there are no specific rate limits", and clients should
// "Avoid sending messages more frequently than once per second". No check fails a server for having a limit
// or not (no burst is sent anywhere in this suite); this one fails only a server that refuses a client
// keeping to the recommended pace.
import type { Check } from '../../harness/check.ts';
import { expectTrue } from '../../harness/verify.ts';
import { uniqueText } from '../support.ts';
import { fixturePair, isMessage, messageOf, type CarechatState } from './support.ts';

const COUNT = 3;
/** A little over a second between messages: at the recommended pace, with room for timer jitter. */
const GAP_MS = 1100;

export const rateChecks: Check<CarechatState>[] = [
  {
    id: 'carechat-rate-01',
    level: 'MAY',
    doc: '002 §Rate Limiting',
    decision: 'D-carechat-12',
    title: 'Messages sent at the recommended pace (once a second) are all delivered',
    requirement: 'Decision D-carechat-12 (no rate limit is documented; clients should "Avoid sending messages more frequently than once per second"): three messages 1.1 s apart all reach the professional. A limit at or above one a second, or none, passes.',
    tags: ['rate-limit', 'websocket'],
    timing: 'alone',
    async run(ctx) {
      const { patient, professional } = await fixturePair(ctx);
      const tag = uniqueText('paced');
      const sent: string[] = [];
      for (let i = 1; i <= COUNT; i++) {
        if (i > 1) await new Promise((r) => setTimeout(r, GAP_MS));
        const text = `${tag}-${i}`;
        patient.send({ content: text });
        sent.push(text);
      }
      const mine = (f: Parameters<typeof isMessage>[0]) => isMessage(f) && String(messageOf(f).content).startsWith(tag);
      const got = (await professional.collect(ctx.timeoutMs, mine, COUNT)).map((f) => String(messageOf(f).content));
      expectTrue(ctx, sent.every((t) => got.includes(t)), {
        expected: [sent.join(', ')],
        observed: got.join(', ') || 'nothing',
        pass: `all ${COUNT} messages sent ${GAP_MS} ms apart arrived`,
        fail: `only ${got.length} of ${COUNT} messages sent ${GAP_MS} ms apart arrived`,
      });
    },
  },
];
