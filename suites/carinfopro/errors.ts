// Error frames (D-carinfopro-08, undocumented, hence SHOULD) and REST error bodies (D-carinfopro-12).
import type { Check } from '../../harness/check.ts';
import type { CheckContext } from '../../harness/context.ts';
import { expectFrame, expectJsonBody, expectNoFrame, expectSchema, expectStatus, expectStillOpen, expectTrue, short } from '../../harness/verify.ts';
import { connectedPair, fixtureRoom, history, isError, isMessage, isMessageWith, isNotMessage, readHistory, textOf, uniqueText, type Json } from './support.ts';

/** An error text that reports the server's own failure, not a refusal of the input. */
const SERVER_FAILURE = /internal|server error|exception/i;

/** Sends `bad` as the visitor; expects an error frame refusing it, nothing broadcast and nothing stored. */
async function refused(ctx: CheckContext, bad: string | object, what: string, marker?: string): Promise<void> {
  const { room, visitor, owner } = await connectedPair(ctx);
  visitor.send(bad);
  const frame = await expectFrame(ctx, visitor, isError, `an error frame answering ${what}`);
  const text = String((frame.json as Json).error);
  expectTrue(ctx, !SERVER_FAILURE.test(text), {
    expected: ['an error frame refusing the input, e.g. "Invalid message format"'],
    observed: short(frame.json),
    reason: SERVER_FAILURE.test(text) ? `the error frame reports a server failure ("${text}"), not a refusal of ${what}` : `the error frame refuses ${what}`,
  });
  await expectNoFrame(ctx, owner, isMessage, ctx.quietMs, `nothing is broadcast to the owner for ${what}`);
  const stored = (await readHistory(ctx, room.roomId, { role: 'owner' }, 'carinfopro-history-01')).filter((m) => marker === undefined || String(textOf(m)).includes(marker));
  expectTrue(ctx, stored.length === 0, {
    expected: ['no message stored in the room'],
    observed: stored.length ? short(stored[0]) : 'history empty',
    reason: stored.length ? `${what} was stored` : `${what} was not stored`,
  });
}

export const errorChecks: Check[] = [
  {
    id: 'carinfopro-err-01',
    timing: 'alone',
    level: 'SHOULD',
    doc: '003 §Send a Message',
    decision: 'D-carinfopro-08',
    title: 'Invalid JSON is answered with an error frame',
    requirement: 'Decision D-carinfopro-08 (the document is silent): Invalid JSON is answered with {"error": "Invalid message format"}; the socket stays open and nothing is stored.',
    tags: ['errors', 'websocket'],
    run: (ctx) => refused(ctx, '{"message": "unterminated', 'invalid JSON'),
  },
  {
    id: 'carinfopro-err-02',
    timing: 'alone',
    level: 'SHOULD',
    doc: '003 §Send a Message',
    decision: 'D-carinfopro-08',
    title: 'An empty or whitespace message is refused with an error frame',
    requirement: 'Decision D-carinfopro-08 (the document is silent): "Message cannot be empty" for an empty or whitespace-only message; nothing stored or broadcast.',
    tags: ['errors', 'websocket', 'validation'],
    run: (ctx) => refused(ctx, { message: '   ' }, 'a whitespace-only message'),
  },
  {
    id: 'carinfopro-err-03',
    timing: 'alone',
    level: 'SHOULD',
    doc: '003 §Send a Message',
    decision: 'D-carinfopro-08',
    title: 'A message that is not a string is refused with an error frame',
    requirement: 'Decision D-carinfopro-08 (the document is silent): A client frame is {"message": string}; {"message": 123} gets "Invalid message format" and is not coerced.',
    tags: ['errors', 'websocket', 'validation'],
    run: (ctx) => refused(ctx, { message: 123456789 }, '{"message": 123456789}', '123456789'),
  },
  {
    id: 'carinfopro-err-04',
    timing: 'alone',
    level: 'SHOULD',
    doc: '003 §Send a Message',
    decision: 'D-carinfopro-08',
    title: 'A message over 4000 characters is refused with an error frame',
    requirement: 'Decision D-carinfopro-08 (the document is silent): "Message too long" above 4000 characters; nothing stored or broadcast.',
    tags: ['errors', 'websocket', 'validation'],
    async run(ctx) {
      const marker = uniqueText('long');
      await refused(ctx, { message: `${marker}${'x'.repeat(4001)}` }, 'a message of 4000+ characters', marker);
    },
  },
  {
    id: 'carinfopro-err-05',
    level: 'SHOULD',
    doc: '003 §Send a Message',
    decision: 'D-carinfopro-08',
    title: 'The socket stays usable after an error frame',
    requirement: 'Decision D-carinfopro-08 (the document is silent): Error frames keep the socket open: the next valid message is delivered.',
    tags: ['errors', 'websocket'],
    async run(ctx) {
      const { visitor, owner } = await connectedPair(ctx);
      visitor.send('not json');
      await expectFrame(ctx, visitor, isNotMessage, 'an error frame');
      await expectStillOpen(ctx, visitor, 150, 'the socket after the error frame');
      const text = uniqueText('after-error');
      visitor.send({ message: text });
      await expectFrame(ctx, owner, isMessageWith(text), 'a valid message after the error is delivered');
    },
  },
  {
    id: 'carinfopro-err-06',
    level: 'SHOULD',
    doc: '003 §Send a Message',
    decision: 'D-carinfopro-08',
    title: 'Error frames are {"error": "<text>"}',
    requirement: 'Decision D-carinfopro-08 (the document is silent): Error frames are {"error": "<text>"} (told apart from messages by their keys, D-carinfopro-14).',
    tags: ['errors', 'websocket', 'schema'],
    async run(ctx) {
      const { visitor } = await connectedPair(ctx);
      visitor.send('not json');
      const frame = await expectFrame(ctx, visitor, isNotMessage, 'a frame answering invalid JSON');
      expectSchema(ctx, 'carinfopro/ws-out-error', frame.json, 'the error frame');
    },
  },
  {
    id: 'carinfopro-err-07',
    level: 'SHOULD',
    doc: '003 §REST Endpoints',
    decision: 'D-carinfopro-12',
    title: 'REST errors are JSON {"detail"} bodies',
    requirement: 'Decision D-carinfopro-12 (the document is silent): DRF defaults: 401/403/404 answer {"detail": "…"}, so a client can show the reason.',
    tags: ['errors', 'rest', 'schema'],
    async run(ctx) {
      const unauth = await ctx.rest('rooms.list', {});
      expectStatus(ctx, unauth, [401, 403], 'GET /api/chat/rooms/ without a token');
      expectJsonBody(ctx, unauth, 'carinfopro/error-detail', `the ${unauth.status} body`);
      fixtureRoom(ctx);
      const missing = await history(ctx, '00000000-0000-4000-8000-000000000000', { role: 'owner' });
      expectStatus(ctx, missing, [403, 404], 'history of a room that does not exist');
      expectJsonBody(ctx, missing, 'carinfopro/error-detail', `the ${missing.status} body`);
    },
  },
];
