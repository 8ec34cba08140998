// 000 §3.3 (the "error" case of onmessage) and D-medmapp-04/05 (error frame shape, unknown types).
import { CheckBlocked, type Check } from '../../harness/check.ts';
import type { Frame } from '../../client/ws.ts';
import type { CheckContext } from '../../harness/context.ts';
import { expectFrame, expectNoFrame, expectSchema, expectStillOpen, expectTrue, short } from '../../harness/verify.ts';
import { connectedPair, isChat, isChatWith, isError, uniqueText } from './support.ts';

type Json = Record<string, any>;

/** An error code that reports the server's own failure, not a refusal of the input. */
const SERVER_FAILURE = /internal|server[_ ]?error|exception/i;

/**
 * Sends `bad`, expects an error frame back (one that refuses the input, not one reporting a crash) and
 * nothing delivered to the other participant: `delivered` tells that message apart from other checks'.
 */
async function refused(ctx: CheckContext, bad: string | object, what: string, delivered: (f: Frame) => boolean): Promise<void> {
  const { patient, operator } = await connectedPair(ctx);
  patient.send(bad);
  const frame = await expectFrame(ctx, patient, isError, `an error frame answering ${what}`);
  const code = String((frame.json as Json).code ?? '');
  expectTrue(ctx, !SERVER_FAILURE.test(code), {
    expected: ['an error frame refusing the input (a validation code such as INVALID_MESSAGE)'],
    observed: short(frame.json),
    reason: SERVER_FAILURE.test(code) ? `the error frame reports a server failure (${code}), not a refusal of ${what}` : `the error frame refuses ${what}`,
  });
  await expectNoFrame(ctx, operator, (f) => isChat(f) && delivered(f), ctx.quietMs, `nothing is delivered to the other participant for ${what}`);
}

const content = (f: Frame): unknown => (f.json as Json).data?.content;

export const errors: Check[] = [
  {
    id: 'medmapp-err-01',
    level: 'SHOULD',
    doc: '000 §3.3',
    decision: 'D-medmapp-04',
    title: 'Invalid JSON is answered with an error frame',
    requirement: 'Decision D-medmapp-04 (the document shows an "error" case in onmessage but not when it is sent): the server reports a bad frame with {"type": "error", "error", "code"} instead of ignoring it.',
    tags: ['errors', 'websocket'],
    async run(ctx) {
      const { patient } = await connectedPair(ctx);
      patient.send('{"message": "unterminated');
      await expectFrame(ctx, patient, isError, 'an error frame answering invalid JSON');
    },
  },
  {
    id: 'medmapp-err-02',
    level: 'SHOULD',
    doc: '000 §3.2',
    decision: 'D-medmapp-04',
    title: 'An empty message is refused with an error frame',
    requirement: 'Decision D-medmapp-04 (the document is silent): an empty or whitespace-only message is an error (EMPTY_MESSAGE), not a chat message.',
    tags: ['errors', 'websocket', 'validation'],
    timing: 'alone',
    run: (ctx) => refused(ctx, { message: '   ', type: 'text' }, 'a whitespace-only message', (f) => String(content(f) ?? '').trim() === ''),
  },
  {
    id: 'medmapp-err-03',
    level: 'SHOULD',
    doc: '000 §3.2',
    decision: 'D-medmapp-04',
    title: 'A message of the wrong type is refused with an error frame',
    requirement: 'Decision D-medmapp-04 (§3.2 shows "message" as a string and says no more): {"message": 123} is refused with an error frame, not silently coerced, and not answered by a server failure.',
    tags: ['errors', 'websocket', 'validation'],
    timing: 'alone',
    run: (ctx) => refused(ctx, { message: 123 }, '{"message": 123}', (f) => String(content(f)) === '123'),
  },
  {
    id: 'medmapp-err-04',
    level: 'SHOULD',
    doc: '000 §3.2',
    decision: 'D-medmapp-05',
    title: 'An unknown frame type is refused with an error frame',
    requirement: 'Decision D-medmapp-05: only type "text" is sent over the socket (files go through /upload_file/, FAQ); any other type is answered with an error.',
    tags: ['errors', 'websocket', 'validation'],
    timing: 'alone',
    async run(ctx) {
      const text = uniqueText('bogus');
      await refused(ctx, { type: 'bogus', message: text }, '{"type": "bogus"}', (f) => String(content(f)).includes(text));
    },
  },
  {
    id: 'medmapp-err-05',
    level: 'SHOULD',
    doc: '000 §3.3',
    decision: 'D-medmapp-04',
    title: 'Error frames carry type "error"',
    requirement: 'Decision D-medmapp-04 (the document is silent): §3.3\'s client dispatches on data.type; an error frame without type "error" never reaches its "error" case.',
    tags: ['errors', 'websocket'],
    async run(ctx) {
      const { patient } = await connectedPair(ctx);
      patient.send('not json');
      const frame = await expectFrame(ctx, patient, isError, 'an error frame');
      expectTrue(ctx, (frame.json as Json).type === 'error', {
        expected: ['{"type": "error", …}'],
        observed: short(frame.json),
        reason: (frame.json as Json).type === 'error' ? 'the error frame has type "error"' : `the error frame's type is ${JSON.stringify((frame.json as Json).type)}`,
      });
    },
  },
  {
    id: 'medmapp-err-06',
    level: 'MUST',
    doc: '000 §3.3',
    title: 'Error frames carry a machine-readable code',
    requirement: 'console.error("Xato:", data.error, data.code) — every error frame has "error" text and a "code" (§3.5 shows RATE_LIMIT_EXCEEDED). Judged on the frame answering invalid JSON; a server that sends none is judged by medmapp-err-01.',
    tags: ['errors', 'websocket', 'schema'],
    async run(ctx) {
      const { patient } = await connectedPair(ctx);
      patient.send('not json');
      const frame = await patient.nextFrame(isError, ctx.timeoutMs);
      if (!frame) throw new CheckBlocked({ kind: 'check', id: 'medmapp-err-01', reason: `no error frame answered invalid JSON within ${ctx.timeoutMs} ms, so there is no error frame to judge` });
      expectSchema(ctx, 'medmapp/ws-out-error', frame.json, 'the error frame');
    },
  },
  {
    id: 'medmapp-err-07',
    level: 'SHOULD',
    doc: '000 §3.3',
    decision: 'D-medmapp-04',
    title: 'The socket stays usable after an error frame',
    requirement: 'Decision D-medmapp-04 (the document is silent): An error frame reports one bad message; the connection stays open and the next valid message is delivered.',
    tags: ['errors', 'websocket'],
    async run(ctx) {
      const { patient, operator } = await connectedPair(ctx);
      patient.send('not json');
      await expectFrame(ctx, patient, isError, 'an error frame');
      await expectStillOpen(ctx, patient, 150, 'the socket after the error frame');
      const text = uniqueText('after-error');
      patient.send({ message: text });
      await expectFrame(ctx, operator, isChatWith(text), 'a valid message after the error is delivered');
    },
  },
];
