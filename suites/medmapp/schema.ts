// Every response and frame of the happy path matches the schemas derived from document 000.
import type { Check } from '../../harness/check.ts';
import { expectFrame, expectJsonBody, expectSchema, expectStatus } from '../../harness/verify.ts';
import { uniqueText } from '../support.ts';
import { connectedPair, fixtureConversation, isChatWith, readHistory, type MedmappState } from './support.ts';

export const schema: Check<MedmappState>[] = [
  {
    id: 'medmapp-schema-01',
    level: 'MUST',
    doc: '000 §2.1',
    title: 'Every response and frame of a conversation round trip matches the document',
    requirement: 'The shapes of §2.1, §2.3 and §3.3 — with ISO 8601 timestamps ("2026-01-06T10:30:00Z") — hold for list, history and chat_message alike.',
    tags: ['schema', 'rest', 'websocket'],
    async run(ctx) {
      fixtureConversation(ctx);
      const list = await ctx.rest('conversations.list', { role: 'operator' });
      expectStatus(ctx, list, [200], 'conversation list');
      expectJsonBody(ctx, list, 'medmapp/conversation-list-response', 'the conversation list');
      const { id, patient, operator } = await connectedPair(ctx);
      const text = uniqueText('tour');
      patient.send({ message: text });
      const frame = await expectFrame(ctx, operator, isChatWith(text), 'operator receives the message');
      expectSchema(ctx, 'medmapp/ws-out-chat-message', frame.json, 'the chat_message the operator received');
      // The sender's own echo is a decision (D-medmapp-18, SHOULD): judged when it comes, not waited for.
      const echo = patient.frames.find(isChatWith(text)) ?? (await patient.nextFrame(isChatWith(text), ctx.quietMs));
      if (echo) expectSchema(ctx, 'medmapp/ws-out-chat-message', echo.json, 'the chat_message the patient received');
      const page = await ctx.rest('messages.list', { role: 'patient', params: { id }, query: { page: 1 } });
      expectJsonBody(ctx, page, 'medmapp/message-page-response', 'history page 1');
      for (const m of await readHistory(ctx, 'patient', id)) expectSchema(ctx, 'medmapp/message', m, `history message ${m?.id}`);
    },
  },
];
