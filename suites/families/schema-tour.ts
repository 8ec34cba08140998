// Every response and frame of one round trip matches the profile's schemas (ISO 8601 timestamps, id types):
// the member's list, a message each way with its broadcast (and the sender's echo when it comes: that is
// a decision, judged but not waited for), and a page of history. What else a dialect's tour shows (the
// start response, history as a visitor, every stored message) its adapter adds.
import { expectFrame, expectJsonBody, expectSchema, expectStatus } from '../../harness/verify.ts';
import { uniqueText } from '../support.ts';
import { ownList } from './auth.ts';
import type { ChatAdapter, Runs } from './adapter.ts';
import { broadcastOf } from './messaging.ts';

export type SchemaPromise = 'schema-tour';

export function schemaRuns<S>(a: ChatAdapter<S>): Runs<SchemaPromise, S> {
  return {
    async 'schema-tour'(ctx) {
      ctx.fixture(a.fixture);
      const list = ownList(ctx.profile);
      const listed = await ctx.rest(list, { role: a.member });
      expectStatus(ctx, listed, [200], `the ${a.member}'s ${list}`);
      expectJsonBody(ctx, listed, ctx.profile.rest[list].response!, `the ${list} response`);
      const pair = await a.pair(ctx);
      const schema = ctx.profile.frames.out[a.broadcast];
      for (const [who, from, to] of [[a.talk.sender, pair.sender, pair.peer], [a.talk.peer, pair.peer, pair.sender]] as const) {
        const text = uniqueText(`tour-${who}`);
        const of = broadcastOf(a as ChatAdapter<never>, text);
        from.send(a.message(text));
        const frame = await expectFrame(ctx, to, of, `the receiver gets the ${who}'s message`);
        expectSchema(ctx, schema, frame.json, `the broadcast of the ${who}'s message`);
        const echo = from.frames.find(of) ?? (await from.nextFrame(of, ctx.quietMs));
        if (echo) expectSchema(ctx, schema, echo.json, `the sender's echo of the ${who}'s message`);
      }
      const { pagination } = ctx.profile;
      const query = pagination.style === 'page' && pagination.pageParam ? { [pagination.pageParam]: 1 } : undefined;
      const history = await ctx.rest('messages.list', { role: a.member, params: { id: pair.room }, ...(query ? { query } : {}) });
      expectJsonBody(ctx, history, ctx.profile.rest['messages.list'].response!, `history as the ${a.member}`);
      await a.tour?.(ctx, pair);
    },
  };
}
