// 000 §3.3 (the "error" case of onmessage) and D-medmapp-04/05 (error frame shape, unknown types).
import type { Check } from '../../harness/check.ts';
import type { CheckContext } from '../../harness/context.ts';
import { expectFrame, expectNoFrame, expectSchema, expectStillOpen, expectTrue, short } from '../../harness/verify.ts';
import { connectedPair, isChat, isChatWith, isError, uniqueText } from './support.ts';

type Json = Record<string, any>;
/** How long to wait for a frame that must not come: long enough for a loopback echo. */
const QUIET_MS = 400;


/** Sends `bad`, expects an error frame back and nothing delivered to the other participant. */
async function refused(ctx: CheckContext, bad: string | object, what: string): Promise<void> {
  const { patient, operator } = await connectedPair(ctx);
  patient.send(bad);
  await expectFrame(ctx, patient, isError, `an error frame answering ${what}`);
  await expectNoFrame(ctx, operator, isChat, QUIET_MS, `nothing is delivered to the other participant for ${what}`);
}

export const errors: Check[] = [
  {
    id: 'medmapp-err-01',
    level: 'MUST',
    doc: '000 §3.3',
    title: 'Invalid JSON is answered with an error frame',
    requirement: 'onmessage case "error": the server reports a bad frame with {"type": "error", "error", "code"} instead of ignoring it.',
    tags: ['errors', 'websocket'],
    async run(ctx) {
      const { patient } = await connectedPair(ctx);
      patient.send('{"message": "unterminated');
      await expectFrame(ctx, patient, isError, 'an error frame answering invalid JSON');
    },
  },
  {
    id: 'medmapp-err-02',
    level: 'MUST',
    doc: '000 §3.3',
    title: 'An empty message is refused with an error frame',
    requirement: 'An empty or whitespace-only message is an error (D-medmapp-04: EMPTY_MESSAGE), not a chat message.',
    tags: ['errors', 'websocket', 'validation'],
    run: (ctx) => refused(ctx, { message: '   ', type: 'text' }, 'a whitespace-only message'),
  },
  {
    id: 'medmapp-err-03',
    level: 'MUST',
    doc: '000 §3.2',
    title: 'A message of the wrong type is refused with an error frame',
    requirement: '§3.2: "message" is a string; {"message": 123} is an error, not silently coerced.',
    tags: ['errors', 'websocket', 'validation'],
    run: (ctx) => refused(ctx, { message: 123 }, '{"message": 123}'),
  },
  {
    id: 'medmapp-err-04',
    level: 'MUST',
    doc: 'D-medmapp-05',
    title: 'An unknown frame type is refused with an error frame',
    requirement: 'Only type "text" is sent over the socket (files go through /upload_file/, FAQ); any other type is answered with an error.',
    tags: ['errors', 'websocket', 'validation'],
    run: (ctx) => refused(ctx, { type: 'bogus', message: uniqueText('bogus') }, '{"type": "bogus"}'),
  },
  {
    id: 'medmapp-err-05',
    level: 'SHOULD',
    doc: 'D-medmapp-04',
    title: 'Error frames carry type "error"',
    requirement: '§3.3\'s client dispatches on data.type; an error frame without type "error" never reaches its "error" case.',
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
    requirement: 'console.error("Xato:", data.error, data.code) — every error frame has "error" text and a "code" (§3.5 shows RATE_LIMIT_EXCEEDED).',
    tags: ['errors', 'websocket', 'schema'],
    async run(ctx) {
      const { patient } = await connectedPair(ctx);
      patient.send('not json');
      const frame = await expectFrame(ctx, patient, isError, 'an error frame');
      expectSchema(ctx, 'medmapp/ws-out-error', frame.json, 'the error frame');
    },
  },
  {
    id: 'medmapp-err-07',
    level: 'SHOULD',
    doc: 'D-medmapp-04',
    title: 'The socket stays usable after an error frame',
    requirement: 'An error frame reports one bad message; the connection stays open and the next valid message is delivered.',
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
