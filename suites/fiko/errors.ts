// Error frames (001 §error, §Error Handling; D-fiko-04, -05, -14, -19): empty or non-string content,
// invalid JSON, the socket after an error and the error frame's shape are the shared families'
// (families.ts); an unknown `type`, and a frame meant for the other socket, are Fiko's own.
import type { Json } from '../../core/json.ts';
import type { Check } from '../../harness/check.ts';
import type { WsProbe } from '../../client/ws.ts';
import { expectFrame, expectNoFrame, expectStillOpen, expectTrue, short } from '../../harness/verify.ts';
import { uniqueText } from '../support.ts';
import { families as f } from './families.ts';
import { chatMessageWith, fixtureConversation, isError, isType, openChat, openList, recentMessages } from './support.ts';

/** `frame` on `probe` is answered with an error frame, and the socket stays open. */
async function answeredWithError(ctx: Parameters<Check['run']>[0], probe: WsProbe, frame: Json, what: string): Promise<void> {
  probe.send(frame);
  const err = await expectFrame(ctx, probe, isError, `an error frame answering ${what}`);
  expectTrue(ctx, typeof (err.json as Json).error === 'string', {
    expected: ['an error frame with an "error" text'],
    observed: short(err.json),
    pass: `${what} is refused with "${String((err.json as Json).error)}"`,
    fail: `the error frame answering ${what} has no "error" text`,
  });
  await expectStillOpen(ctx, probe, 150, `the socket after refusing ${what}`);
}

export const errorChecks: Check[] = [
  {
    id: 'fiko-err-08',
    level: 'MUST',
    doc: '001 §error',
    title: 'Empty content is answered with the error "Message content cannot be empty"',
    requirement: '§error shows {"type": "error", "error": "Message content cannot be empty", "message"} and §Error Handling\'s handleError switches on that text ("case \'Message content cannot be empty\': this.showError(\'پیام نمی‌تواند خالی باشد\')"): a chat_message with content "" is answered with an error frame of exactly that `error`. Whitespace and the socket afterwards are D-fiko-14\'s and D-fiko-05\'s.',
    tags: ['errors', 'websocket', 'validation'],
    async run(ctx) {
      const chat = await openChat(ctx, fixtureConversation(ctx));
      chat.send({ type: 'chat_message', content: '' });
      const err = await expectFrame(ctx, chat, isError, 'an error frame answering empty content');
      expectTrue(ctx, (err.json as Json).error === 'Message content cannot be empty', {
        expected: ['{"type": "error", "error": "Message content cannot be empty", …}'],
        observed: short(err.json),
        pass: 'the error text is the one the client switches on',
        fail: `the error text is ${JSON.stringify((err.json as Json).error)}, which handleError does not know`,
      });
    },
  },
  f['empty-message'],
  f['invalid-json'],
  {
    id: 'fiko-err-03',
    level: 'SHOULD',
    doc: '001 §Error Handling',
    decision: 'D-fiko-05',
    title: 'A frame of an unknown type is answered with an error frame, on both sockets',
    requirement: 'Decision D-fiko-05 (the document is silent): any other `type` is answered with {"type": "error", "error": "Unknown message type"}; nothing else happens and the socket stays open.',
    tags: ['errors', 'websocket'],
    async run(ctx) {
      await answeredWithError(ctx, await openList(ctx), { type: 'chatconform_unknown' }, 'an unknown type on the list socket');
      await answeredWithError(ctx, await openChat(ctx, fixtureConversation(ctx)), { type: 'chatconform_unknown' }, 'an unknown type on the chat socket');
    },
  },
  {
    id: 'fiko-err-04',
    level: 'SHOULD',
    doc: '001 §Incoming Events',
    decision: 'D-fiko-05',
    title: 'A frame meant for the other socket is answered with an error frame, and nothing else',
    requirement: 'Decision D-fiko-05: the list socket takes get_conversations and refresh_conversations, the chat socket chat_message, typing and mark_read; a frame of the other socket gets an error frame, is not acted on, and the socket stays open.',
    tags: ['errors', 'websocket'],
    async run(ctx) {
      const id = fixtureConversation(ctx);
      const text = uniqueText('wrong-socket');
      await answeredWithError(ctx, await openList(ctx), { type: 'chat_message', content: text }, 'chat_message on the list socket');
      const chat = await openChat(ctx, id);
      await answeredWithError(ctx, chat, { type: 'get_conversations' }, 'get_conversations on the chat socket');
      await expectNoFrame(ctx, chat, isType('conversations_list'), ctx.quietMs, 'no conversations_list on the chat socket');
      const stored = (await recentMessages(ctx, id, 'fiko-chat-09')).filter((m) => m.content === text);
      expectTrue(ctx, stored.length === 0 && !chat.frames.some(chatMessageWith(text)), {
        expected: ['the chat_message sent on the list socket neither stored nor broadcast'],
        observed: stored.length ? short(stored[0]) : 'not stored, not broadcast',
        pass: 'the list socket did not act on chat_message',
        fail: 'the chat_message sent on the list socket was stored',
      });
    },
  },
  f['wrong-type'],
  f['usable-after-error'],
  f['error-frame-schema'],
];
