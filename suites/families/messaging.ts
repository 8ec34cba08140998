// A message sent over the chat socket: it comes back at all (to the sender or to the other member, where a
// document does not say which), reaches the other member as the profile's broadcast frame, the sender's
// own socket too, in sending order, and history holds it with the broadcast's id.
import type { Json } from '../../core/json.ts';
import { expectFrame, expectSchema, expectTrue, short } from '../../harness/verify.ts';
import type { Frame } from '../../client/ws.ts';
import { uniqueText } from '../support.ts';
import type { ChatAdapter, Runs } from './adapter.ts';

export type MessagingPromise = 'round-trip' | 'peer-broadcast' | 'echo' | 'order' | 'persistence';

/** The broadcast of exactly `text`. */
export const broadcastOf = (a: ChatAdapter<never>, text: string) => (f: Frame): boolean => a.isBroadcast(f) && a.textOf(f) === text;

/** The keys of `want` whose values `got` does not share. */
export function differing(got: Json | undefined, want: Json): string[] {
  return Object.entries(want).filter(([k, v]) => String(got?.[k]) !== String(v)).map(([k]) => k);
}

export function messagingRuns<S>(a: ChatAdapter<S>): Runs<MessagingPromise, S> {
  const { sender, peer } = a.talk;
  const of = (text: string) => broadcastOf(a as ChatAdapter<never>, text);
  return {
    async 'round-trip'(ctx) {
      const pair = await a.pair(ctx);
      const text = uniqueText('sent');
      pair.sender.send(a.message(text));
      // Either reading of who gets it passes: the sender's socket, or the other one.
      const [mine, theirs] = await Promise.all([pair.sender.nextFrame(of(text)), pair.peer.nextFrame(of(text))]);
      const frame = mine ?? theirs;
      expectTrue(ctx, Boolean(frame), {
        expected: [`the ${sender}'s or the ${peer}'s socket receives "${text}" as ${a.broadcast}`],
        observed: `neither socket received it within ${ctx.timeoutMs} ms`,
        pass: `the message came back on the ${mine ? `${sender}'s` : `${peer}'s`} socket`,
        fail: 'the message sent came back on no socket of the conversation',
      });
      expectSchema(ctx, ctx.profile.frames.out[a.broadcast], frame!.json, 'the broadcast');
    },

    async 'peer-broadcast'(ctx) {
      const pair = await a.pair(ctx);
      const text = uniqueText('hello');
      pair.sender.send(a.message(text));
      const frame = await expectFrame(ctx, pair.peer, of(text), `the ${peer} receives "${text}"`);
      expectSchema(ctx, ctx.profile.frames.out[a.broadcast], frame.json, 'the broadcast');
      const want = a.broadcastFields?.(pair.room, text);
      if (want) {
        const off = differing(frame.json as Json, want);
        expectTrue(ctx, off.length === 0, {
          expected: [Object.entries(want).map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(', ')],
          observed: short(frame.json),
          pass: `the ${peer} got the ${sender}'s message in this room`,
          fail: `the broadcast does not describe the ${sender}'s message in this room (${off.join(', ')})`,
        });
      }
    },

    async echo(ctx) {
      const pair = await a.pair(ctx);
      const text = uniqueText('echo');
      pair.sender.send(a.message(text));
      await expectFrame(ctx, pair.sender, of(text), `the sender's own socket receives "${text}"`);
    },

    async order(ctx) {
      const pair = await a.pair(ctx);
      const tag = uniqueText('seq');
      const sent = [1, 2, 3, 4, 5].map((n) => `${tag}-${n}`); // 5: within any documented rate limit
      for (const text of sent) pair.sender.send(a.message(text));
      const mine = (f: Frame) => a.isBroadcast(f) && String(a.textOf(f)).startsWith(tag);
      const got = (await pair.peer.collect(ctx.timeoutMs, mine, sent.length)).map((f) => String(a.textOf(f)));
      expectTrue(ctx, got.join() === sent.join(), {
        expected: [sent.join(', ')],
        observed: got.join(', ') || 'nothing',
        pass: `all ${sent.length} arrived in order`,
        fail: got.length < sent.length ? `only ${got.length} of ${sent.length} messages arrived` : 'the messages arrived out of order',
      });
    },

    async persistence(ctx) {
      const pair = await a.pair(ctx);
      const text = uniqueText('persist');
      pair.sender.send(a.message(text));
      const frame = await expectFrame(ctx, pair.peer, of(text), `the ${peer} receives "${text}"`);
      if (!a.history || !a.itemText || !a.storedFields) throw new Error('the persistence family needs the adapter\'s history, itemText and storedFields');
      const { itemText } = a;
      const stored = (await a.history(ctx, pair.room)).find((m) => itemText(m) === text);
      const want = { id: a.idOf(frame), ...a.storedFields(text) };
      const off = differing(stored, want);
      expectTrue(ctx, Boolean(stored) && off.length === 0, {
        expected: [`a history item {${Object.entries(want).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')}}`],
        observed: stored ? short(stored) : 'no history item with that text',
        pass: 'the message is in history as broadcast',
        fail: stored ? `the history item differs from the broadcast (${off.join(', ')})` : 'the message is not in history',
      });
    },
  };
}
