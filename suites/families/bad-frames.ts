// A frame the server cannot take (invalid JSON, an empty message, a message that is not a string) is
// answered with an error frame that refuses it (not one reporting a crash); nothing is delivered or
// stored for it; the socket stays usable; and the error frame has the profile's `errors.frame` shape.
import { CheckBlocked } from '../../harness/check.ts';
import type { CheckContext } from '../../harness/context.ts';
import { expectFrame, expectNoFrame, expectSchema, expectStillOpen, expectTrue, short } from '../../harness/verify.ts';
import type { Frame } from '../../client/ws.ts';
import { uniqueText } from '../support.ts';
import type { ChatAdapter, IdMap, Runs } from './adapter.ts';
import { broadcastOf } from './messaging.ts';

export type BadFramePromise = 'invalid-json' | 'empty-message' | 'wrong-type' | 'usable-after-error' | 'error-frame-schema';

/** An error code or text that reports the server's own failure, not a refusal of the input. */
const SERVER_FAILURE = /internal|server[_ ]?error|exception/i;

const INVALID_JSON = '{"message": "unterminated';

/**
 * Sends `bad` from the sender; expects an error frame refusing it, and neither the peer nor history gets
 * a message `marks` names. In the room of this check alone (`fresh`) any message at all is one too many;
 * in a shared one only what `marks` tells apart counts.
 */
export async function refused<S>(ctx: CheckContext<S>, a: ChatAdapter<S>, bad: string | object, what: string, marks: (text: string) => boolean = () => false): Promise<void> {
  const pair = await a.pair(ctx);
  pair.sender.send(bad);
  const frame = await expectFrame(ctx, pair.sender, a.isError, `an error frame answering ${what}`);
  const code = a.errorCode(frame);
  expectTrue(ctx, !SERVER_FAILURE.test(code), {
    expected: ['an error frame refusing the input (a validation code or text)'],
    observed: short(frame.json),
    pass: `the error frame refuses ${what}`,
    fail: `the error frame reports a server failure (${code}), not a refusal of ${what}`,
  });
  const counts = (text: unknown) => pair.fresh || marks(String(text ?? ''));
  await expectNoFrame(ctx, pair.peer, (f) => a.isBroadcast(f) && counts(a.textOf(f)), ctx.quietMs, `nothing is delivered to the ${a.talk.peer} for ${what}`);
  // Without a history endpoint (002) what was not delivered is all a client can see.
  if (!a.history) return;
  const stored = (await a.history(ctx, pair.room, a.historyCheck)).filter((m) => counts(a.itemText!(m)));
  expectTrue(ctx, stored.length === 0, {
    expected: ['no message stored for it'],
    observed: stored.length ? short(stored[0]) : 'nothing stored',
    pass: `${what} was not stored`,
    fail: `${what} was stored`,
  });
}

export function badFrameRuns<S>(a: ChatAdapter<S>, map: IdMap<BadFramePromise>): Runs<BadFramePromise, S> {
  const notBroadcast = (f: Frame) => !a.isBroadcast(f);
  return {
    'invalid-json': (ctx) => refused(ctx, a, INVALID_JSON, 'invalid JSON', (t) => t.includes('unterminated')),
    'empty-message': (ctx) => refused(ctx, a, a.message('   '), 'a whitespace-only message', (t) => t.trim() === ''),
    'wrong-type': (ctx) => refused(ctx, a, a.message(123456789), '{"message": 123456789}', (t) => t.includes('123456789')),

    async 'usable-after-error'(ctx) {
      const pair = await a.pair(ctx);
      pair.sender.send('not json');
      await expectFrame(ctx, pair.sender, notBroadcast, 'an error frame');
      await expectStillOpen(ctx, pair.sender, 150, 'the socket after the error frame');
      const text = uniqueText('after-error');
      pair.sender.send(a.message(text));
      await expectFrame(ctx, pair.peer, broadcastOf(a as ChatAdapter<never>, text), 'a valid message after the error is delivered');
    },

    // Judged on the frame answering invalid JSON; a server that sends none is judged by 'invalid-json'.
    async 'error-frame-schema'(ctx) {
      const pair = await a.pair(ctx);
      pair.sender.send('not json');
      const judgedBy = map['invalid-json']?.id;
      const frame = judgedBy ? await pair.sender.nextFrame(notBroadcast, ctx.timeoutMs) : await expectFrame(ctx, pair.sender, notBroadcast, 'a frame answering invalid JSON');
      if (!frame) throw new CheckBlocked({ kind: 'check', id: judgedBy!, reason: `no error frame answered invalid JSON within ${ctx.timeoutMs} ms, so there is no error frame to judge` });
      expectSchema(ctx, ctx.profile.errors.frame, frame.json, 'the error frame');
    },
  };
}
