// 000 §2.4 mark_as_read, §2.1 unread_count, §2.3 is_read_by_recipient.
import type { Json } from '../../core/json.ts';
import type { Check } from '../../harness/check.ts';
import { expectFrame, expectStatus, expectTrue, short } from '../../harness/verify.ts';
import { curlLine, uniqueText } from '../support.ts';
import { connectedPair, isChatWith, listConversations, readHistory, type MedmappState, type Ctx } from './support.ts';

/**
 * A conversation in which the operator has sent two messages the patient has received; `before` is the
 * patient's unread count before them (0 for a fresh conversation, anything for the fixture fallback).
 */
async function unread(ctx: Ctx): Promise<{ id: number | string; texts: string[]; before: number }> {
  const { id, patient, operator } = await connectedPair(ctx);
  const before = Number((await unreadCount(ctx, id)) ?? 0) || 0;
  const texts = [uniqueText('unread'), uniqueText('unread')];
  for (const t of texts) operator.send({ message: t });
  for (const t of texts) await expectFrame(ctx, patient, isChatWith(t), `patient receives "${t}"`);
  patient.close();
  operator.close();
  return { id, texts, before };
}

async function unreadCount(ctx: Ctx, id: number | string): Promise<unknown> {
  const conv = (await listConversations(ctx, 'patient')).find((c: Json) => String(c.id) === String(id));
  return conv?.unread_count;
}

async function markAsRead(ctx: Ctx, id: number | string): Promise<void> {
  ctx.addReproduction(curlLine('POST', `/api/conversations/${id}/mark_as_read/`, 'patient'));
  const res = await ctx.rest('conversations.markAsRead', { role: 'patient', params: { id } });
  expectStatus(ctx, res, [200, 201, 204], 'POST mark_as_read/ as patient');
}

export const read: Check<MedmappState>[] = [
  {
    id: 'medmapp-read-01',
    level: 'MUST',
    doc: '000 §2.4',
    title: 'mark_as_read clears the conversation\'s unread count',
    requirement: 'POST /api/conversations/{id}/mark_as_read/ "Xabarlarni O\'qilgan Deb Belgilash" (mark the messages as read): "unread_count" of §2.1 drops to 0.',
    tags: ['read-receipts', 'rest'],
    timing: 'alone',
    async run(ctx) {
      const { id } = await unread(ctx);
      await markAsRead(ctx, id);
      const after = await unreadCount(ctx, id);
      expectTrue(ctx, after === 0, { expected: ['unread_count 0 after mark_as_read'], observed: `unread_count ${short(after)}`, pass: 'unread_count is 0 after mark_as_read', fail: `unread_count is ${short(after)} after mark_as_read` });
    },
  },
  {
    id: 'medmapp-read-02',
    level: 'SHOULD',
    doc: '000 §2.1',
    decision: 'D-medmapp-11',
    title: 'unread_count counts the other participant\'s unread messages',
    requirement: '"unread_count": 3 — the number of messages the user has not read yet (D-medmapp-11).',
    tags: ['read-receipts', 'rest'],
    timing: 'alone',
    async run(ctx) {
      const { id, before } = await unread(ctx);
      const count = await unreadCount(ctx, id);
      const want = before + 2;
      expectTrue(ctx, count === want, { expected: [`unread_count ${want} after the operator sent 2 messages (${before} before)`], observed: `unread_count ${short(count)}`, pass: `unread_count is ${want}`, fail: `unread_count is ${short(count)} for ${want} unread messages` });
    },
  },
  {
    id: 'medmapp-read-03',
    level: 'SHOULD',
    doc: '000 §2.3',
    decision: 'D-medmapp-11',
    title: 'After mark_as_read, history shows is_read_by_recipient true',
    requirement: 'Decision D-medmapp-11 (the document is silent): §2.3\'s is_read_by_recipient becomes true for the messages the recipient marked as read.',
    tags: ['read-receipts', 'rest'],
    timing: 'alone',
    async run(ctx) {
      const { id, texts } = await unread(ctx);
      await markAsRead(ctx, id);
      const mine = (await readHistory(ctx, 'operator', id)).filter((m) => texts.includes(m?.content));
      const flags = mine.map((m) => m.is_read_by_recipient);
      expectTrue(ctx, mine.length === 2 && flags.every((f) => f === true), {
        expected: ['is_read_by_recipient true on both operator messages'],
        observed: `${mine.length} message(s), flags: ${flags.join(', ')}`,
        pass: 'both marked read',
        fail: 'is_read_by_recipient did not follow mark_as_read',
      });
    },
  },
];
