// The close code (D-fiko-02, D-fiko-03): §Error Handling's client reads 1008 as "Authentication failed", so a
// refused socket is accepted and then closed with 1008 (a refused handshake delivers no code to a browser).
// The refusal itself is MUST in auth.ts and SHOULD in access.ts. The code of an invalid token is what the
// document's own client branches on (MUST, close-04); the code for the cases it does not name is SHOULD.
import { invented } from '../../core/redact.ts';
import type { Check } from '../../harness/check.ts';
import { expectClose } from '../../harness/verify.ts';
import { refreshToken } from '../login.ts';
import { MISSING_CONVERSATION, chatSocket, fixtureConversation, listSocket } from './support.ts';

const POLICY = 1008;

export const closeChecks: Check[] = [
  {
    id: 'fiko-close-04',
    level: 'MUST',
    doc: '001 §Error Handling',
    title: 'An invalid or expired token closes with 1008',
    requirement: '"if (event.code === 1008) { // Authentication failed" with "در صورت invalid بودن توکن، connection بسته می‌شود" (an invalid token closes the connection): the upgrade is accepted and closed with 1008 on both sockets for a token that is no JWT, and for an expired one when the target file has it. A refused handshake never delivers the code the client reads.',
    tags: ['close-code', 'websocket', 'auth'],
    async run(ctx) {
      const tokens: [string, string][] = [[invented('not-a-jwt'), 'the token "not-a-jwt"']];
      const expired = ctx.user('agent').expiredToken;
      if (expired) {
        ctx.env.redactor.add(expired);
        tokens.push([expired, 'an expired access token']);
      }
      for (const [token, what] of tokens) {
        await expectClose(ctx, await listSocket(ctx, { token, label: 'list' }), [POLICY], `the list socket with ${what}`);
        await expectClose(ctx, await chatSocket(ctx, fixtureConversation(ctx), { token, label: 'chat' }), [POLICY], `the chat socket with ${what}`);
      }
    },
  },
  {
    id: 'fiko-close-01',
    level: 'SHOULD',
    doc: '001 §Error Handling',
    decision: 'D-fiko-02',
    title: 'A missing or refresh token closes with 1008 too',
    requirement: 'Decision D-fiko-02: "if (event.code === 1008) { // Authentication failed": the upgrade is accepted, then closed with 1008 on both sockets when the token is missing or a refresh token (the invalid and expired ones are fiko-close-04\'s).',
    tags: ['close-code', 'websocket', 'auth'],
    async run(ctx) {
      const tokens: [string | null, string][] = [[null, 'no token'], [await refreshToken(ctx, 'agent'), 'the refresh token']];
      for (const [token, what] of tokens) {
        await expectClose(ctx, await listSocket(ctx, { token, label: 'list' }), [POLICY], `the list socket with ${what}`);
        await expectClose(ctx, await chatSocket(ctx, fixtureConversation(ctx), { token, label: 'chat' }), [POLICY], `the chat socket with ${what}`);
      }
    },
  },
  {
    id: 'fiko-close-02',
    level: 'SHOULD',
    doc: '001 §Error Handling',
    decision: 'D-fiko-03',
    title: "Another agent's conversation closes with 1008",
    requirement: "Decision D-fiko-03 (the document is silent): the outsider's chat socket to the agent's conversation is accepted, then closed with 1008.",
    tags: ['close-code', 'websocket', 'access'],
    run: async (ctx) => expectClose(ctx, await chatSocket(ctx, fixtureConversation(ctx), { role: 'outsider' }), [POLICY], "the outsider joining the agent's conversation"),
  },
  {
    id: 'fiko-close-03',
    level: 'SHOULD',
    doc: '001 §Error Handling',
    decision: 'D-fiko-03',
    title: 'A conversation that does not exist closes with 1008',
    requirement: 'Decision D-fiko-03 (the document is silent): /ws/chat/{id}/ for a conversation that does not exist is closed with 1008, like one that is not the agent\'s (no existence leak).',
    tags: ['close-code', 'websocket', 'access'],
    run: async (ctx) => expectClose(ctx, await chatSocket(ctx, MISSING_CONVERSATION, { role: 'agent' }), [POLICY], 'the agent joining a conversation that does not exist'),
  },
];
