// 002 §Sending Messages and §Receiving Messages: {"content"} in, {"message": {id, content, sender_type,
// created_at}} out. The patient's message reaching the professional and the sender are the shared
// families' (families.ts); sender_type, ids and timestamps, and verbatim text are the care chat's own.
import type { Check } from '../../harness/check.ts';
import { expectFrame, expectSchema, expectTrue, short } from '../../harness/verify.ts';
import { uniqueText } from '../support.ts';
import { families as f } from './families.ts';
import { fixturePair, isMessageWith, messageOf, type CarechatState } from './support.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** ISO 8601 / RFC 3339 date-time, fraction optional (D-carechat-16). */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export const messagingChecks: Check<CarechatState>[] = [
  f['peer-broadcast'],
  {
    id: 'carechat-ws-02',
    level: 'MUST',
    doc: '002 §Receiving Messages',
    title: '`sender_type` says who sent the message',
    requirement: '"message.sender_type (string): Either "patient" or "professional"": the patient\'s message arrives as "patient", the professional\'s as "professional".',
    tags: ['messaging', 'websocket'],
    async run(ctx) {
      const { patient, professional } = await fixturePair(ctx);
      for (const [who, from, to] of [['patient', patient, professional], ['professional', professional, patient]] as const) {
        const text = uniqueText(`from-${who}`);
        from.send({ content: text });
        const frame = await expectFrame(ctx, to, isMessageWith(text), `the other side receives the ${who}'s "${text}"`);
        const type = messageOf(frame).sender_type;
        expectTrue(ctx, type === who, { expected: [`sender_type "${who}"`], observed: short(frame.json), pass: `the ${who}'s message is marked "${who}"`, fail: `the ${who}'s message is marked ${JSON.stringify(type)}` });
      }
    },
  },
  f.echo,
  {
    id: 'carechat-ws-04',
    level: 'MUST',
    doc: '002 §Receiving Messages',
    title: 'Each message has its own UUID and an ISO 8601 `created_at`',
    requirement: '"message.id (string): Unique message identifier (UUID)"; "message.created_at (string): ISO 8601 formatted timestamp".',
    tags: ['messaging', 'websocket', 'schema'],
    async run(ctx) {
      const { patient, professional } = await fixturePair(ctx);
      const a = uniqueText('id-a');
      const b = uniqueText('id-b');
      patient.send({ content: a });
      professional.send({ content: b });
      const frames = [await expectFrame(ctx, professional, isMessageWith(a), `"${a}" arrives`), await expectFrame(ctx, patient, isMessageWith(b), `"${b}" arrives`)];
      for (const fr of frames) expectSchema(ctx, 'carechat/ws-out-message', fr.json, 'the message frame');
      const [m1, m2] = frames.map(messageOf);
      const ok = [m1!, m2!].every((m) => typeof m.id === 'string' && UUID.test(m.id) && typeof m.created_at === 'string' && ISO.test(m.created_at)) && m1!.id !== m2!.id;
      expectTrue(ctx, ok, {
        expected: ['two different UUID ids, each created_at an ISO 8601 date-time'],
        observed: `${short(m1)} / ${short(m2)}`,
        pass: 'each message has its own UUID and an ISO 8601 timestamp',
        fail: m1!.id === m2!.id ? 'two messages carry the same id' : 'an id is not a UUID or a created_at is not ISO 8601',
      });
    },
  },
  {
    id: 'carechat-ws-05',
    level: 'SHOULD',
    doc: '002 §Receiving Messages',
    decision: 'D-carechat-12',
    title: 'Content is delivered verbatim',
    requirement: 'Decision D-carechat-12 (the document is silent on escaping): content is stored and echoed as sent (escapesHtml: false; the clients render it).',
    tags: ['messaging', 'websocket'],
    async run(ctx) {
      const { patient, professional } = await fixturePair(ctx);
      const tag = uniqueText('verbatim');
      const text = `${tag} <b>"Doctor" & 'nurse'</b>`;
      patient.send({ content: text });
      const frame = await expectFrame(ctx, professional, (fr) => String(messageOf(fr).content ?? '').startsWith(tag), 'the professional receives the message');
      const got = messageOf(frame).content;
      expectTrue(ctx, got === text, { expected: [JSON.stringify(text)], observed: JSON.stringify(got), pass: 'the content came back exactly as sent', fail: 'the content was changed (escaped or trimmed)' });
    },
  },
];
