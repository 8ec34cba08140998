// 002 §Access Control: only the chat's patient and professional connect; anyone else, no token, and a
// chat that does not exist get "immediate disconnection" (before any frame; which close code is
// D-carechat-08's, judged in close.ts). A message stays in its own chat.
import { randomUUID } from 'node:crypto';
import type { Check } from '../../harness/check.ts';
import { expectDenied, expectFrame, expectNoFrame } from '../../harness/verify.ts';
import { chatPath, uniqueText, wscatLine } from '../support.ts';
import { chatSocket, chatWith, fixtureChat, isMessageWith, openChat, profileId, type CarechatState } from './support.ts';

export const accessChecks: Check<CarechatState>[] = [
  {
    id: 'carechat-access-01',
    level: 'MUST',
    doc: '002 §Error Responses',
    title: 'A socket without a token is disconnected before any frame but an error frame',
    requirement: '"The WebSocket connection requires JWT authentication"; "Connection closed - … authentication failed".',
    tags: ['access', 'websocket', 'auth', 'security'],
    async run(ctx) {
      const path = chatPath(ctx, fixtureChat(ctx));
      ctx.addReproduction(wscatLine(ctx, path, null));
      await expectDenied(ctx, await ctx.ws(path, { token: null, label: 'anonymous' }), 'a socket with no token');
    },
  },
  {
    id: 'carechat-access-02',
    level: 'MUST',
    doc: '002 §Access Control',
    title: 'A user who is neither patient nor professional of the chat is disconnected',
    requirement: '"Users can only connect to chats where they are either: The patient in the chat, OR The professional/provider in the chat"; "Attempts to connect to unauthorized chats will result in immediate disconnection" — by `?token=` or by the header.',
    tags: ['access', 'websocket', 'security'],
    async run(ctx) {
      const chat = fixtureChat(ctx);
      for (const role of ['outsider', 'dual']) {
        for (const via of ['query', 'header'] as const) {
          await expectDenied(ctx, await chatSocket(ctx, chat, role, via), `the ${role} (token in the ${via}) joining the patient's chat`);
        }
      }
    },
  },
  {
    id: 'carechat-access-03',
    level: 'MUST',
    doc: '002 §Troubleshooting',
    title: 'A chat id of no chat is disconnected',
    requirement: '"Connection Closes Immediately": "Chat ID doesn\'t exist".',
    tags: ['access', 'websocket'],
    async run(ctx) {
      const id = randomUUID();
      ctx.addReproduction(wscatLine(ctx, chatPath(ctx, id), 'patient'));
      await expectDenied(ctx, await chatSocket(ctx, id, 'patient'), `the patient joining chat ${id}, which does not exist`);
    },
  },
  {
    id: 'carechat-access-04',
    level: 'MUST',
    doc: '002 §WebSocket URL',
    title: 'A message reaches only the sockets of its own chat',
    requirement: '`/ws/chat/{chat_id}/` is "The UUID of the chat room you want to connect to": the professional\'s message in one chat does not reach the professional\'s other chat.',
    tags: ['access', 'websocket', 'security'],
    timing: 'alone',
    async run(ctx) {
      const fixture = fixtureChat(ctx);
      const other = (await chatWith(ctx, 'outsider', { professional: profileId(ctx, 'professional') })).id;
      const [patient, professional, outsider] = await Promise.all([openChat(ctx, fixture, 'patient'), openChat(ctx, fixture, 'professional'), openChat(ctx, other, 'outsider')]);
      const text = uniqueText('own-chat-only');
      professional.send({ content: text });
      await expectFrame(ctx, patient, isMessageWith(text), 'the patient receives the professional\'s message in their chat');
      await expectNoFrame(ctx, outsider, isMessageWith(text), ctx.quietMs, 'the professional\'s chat with the outsider does not get it');
    },
  },
];
