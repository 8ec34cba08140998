// 002 §Multi-Profile Users, with the user holding both profiles: as the patient of one chat (with the
// professional) and the professional of another (with the patient). The role comes from the chat; an
// explicit `role` is honoured, `provider` meaning professional (§Sending Messages); a role the sender does
// not hold in the chat is refused and nothing is delivered (D-carechat-06: with an error frame).
import type { Check } from '../../harness/check.ts';
import type { WsProbe } from '../../client/ws.ts';
import { expectFrame, expectNoFrame, expectStillOpen, expectTrue, short } from '../../harness/verify.ts';
import { uniqueText } from '../support.ts';
import { dualChat, isError, isMessage, isMessageWith, messageOf, openChat, type CarechatState, type Ctx } from './support.ts';

/** The dual user and the other member connected to the dual user's chat where it is `as`. */
async function dualIn(ctx: Ctx, as: 'patient' | 'professional'): Promise<{ dual: WsProbe; peer: WsProbe; peerRole: string }> {
  const chat = await dualChat(ctx, as);
  const peerRole = as === 'patient' ? 'professional' : 'patient';
  const [dual, peer] = await Promise.all([openChat(ctx, chat, 'dual', 'query', `dual (as ${as})`), openChat(ctx, chat, peerRole)]);
  return { dual, peer, peerRole };
}

/** The dual user's `frame` reaches the peer marked `want`. */
async function sentAs(ctx: Ctx, as: 'patient' | 'professional', extra: Record<string, unknown>, want: 'patient' | 'professional', what: string): Promise<void> {
  const { dual, peer, peerRole } = await dualIn(ctx, as);
  const text = uniqueText(`dual-${as}`);
  dual.send({ content: text, ...extra });
  const frame = await expectFrame(ctx, peer, isMessageWith(text), `the ${peerRole} receives the dual user's "${text}" (${what})`);
  const type = messageOf(frame).sender_type;
  expectTrue(ctx, type === want, { expected: [`sender_type "${want}"`], observed: short(frame.json), pass: `sent as ${want}`, fail: `sent as ${JSON.stringify(type)}, not "${want}"` });
}

export const roleChecks: Check<CarechatState>[] = [
  {
    id: 'carechat-roles-01',
    level: 'MUST',
    doc: '002 §Multi-Profile Users',
    title: 'A user with both profiles sends as patient in a chat where they are the patient',
    requirement: '"Automatic Role Detection": "If you\'re the patient in the chat, messages are sent as patient" (no `role` given).',
    tags: ['roles', 'websocket', 'messaging'],
    run: (ctx) => sentAs(ctx, 'patient', {}, 'patient', 'no role given'),
  },
  {
    id: 'carechat-roles-02',
    level: 'MUST',
    doc: '002 §Multi-Profile Users',
    title: 'A user with both profiles sends as professional in a chat where they are the professional',
    requirement: '"Automatic Role Detection": "If you\'re the professional in the chat, messages are sent as professional" (no `role` given).',
    tags: ['roles', 'websocket', 'messaging'],
    run: (ctx) => sentAs(ctx, 'professional', {}, 'professional', 'no role given'),
  },
  {
    id: 'carechat-roles-03',
    level: 'MUST',
    doc: '002 §Multi-Profile Users',
    title: 'An explicit `role` that matches the chat is honoured',
    requirement: '"Explicit Role Specification: You can explicitly specify which profile to use by including a `role` field": "patient" in the chat where the user is the patient, "professional" where they are the professional.',
    tags: ['roles', 'websocket', 'messaging'],
    async run(ctx) {
      await sentAs(ctx, 'patient', { role: 'patient' }, 'patient', 'role "patient"');
      await sentAs(ctx, 'professional', { role: 'professional' }, 'professional', 'role "professional"');
    },
  },
  {
    id: 'carechat-roles-04',
    level: 'MUST',
    doc: '002 §Sending Messages',
    title: '`role: "provider"` is accepted and arrives as "professional"',
    requirement: '`role` "Must be "patient" or "professional" (or "provider")"; "message.sender_type (string): Either "patient" or "professional"".',
    tags: ['roles', 'websocket', 'messaging'],
    run: (ctx) => sentAs(ctx, 'professional', { role: 'provider' }, 'professional', 'role "provider"'),
  },
  {
    id: 'carechat-roles-05',
    level: 'MUST',
    doc: '002 §Multi-Profile Users',
    title: 'A role the sender does not hold in the chat, or an unknown role, is not delivered',
    requirement: '"Validation": "you cannot send as a professional in a chat where you\'re the patient, and vice versa"; `role` "Must be "patient" or "professional" (or "provider")". Neither message reaches anyone.',
    tags: ['roles', 'websocket', 'security'],
    async run(ctx) {
      const { dual, peer, peerRole } = await dualIn(ctx, 'patient');
      const wrong = uniqueText('wrong-role');
      const unknown = uniqueText('unknown-role');
      dual.send({ content: wrong, role: 'professional' });
      dual.send({ content: unknown, role: 'admin' });
      const mine = (f: Parameters<typeof isMessage>[0]) => isMessage(f) && [wrong, unknown].includes(String(messageOf(f).content));
      await expectNoFrame(ctx, peer, mine, ctx.quietMs, `the ${peerRole} gets neither the message sent as professional nor the one with role "admin"`);
      await expectNoFrame(ctx, dual, mine, 50, 'the sender gets neither back as a message');
    },
  },
  {
    id: 'carechat-roles-06',
    level: 'SHOULD',
    doc: '002 §Multi-Profile Users',
    decision: 'D-carechat-06',
    title: 'A role the sender does not hold is answered with an error frame; the socket stays usable',
    requirement: 'Decision D-carechat-06 (002 says only "validates"): an error frame (any text), nothing stored, the socket stays open and the next valid message is delivered.',
    tags: ['roles', 'websocket', 'errors'],
    async run(ctx) {
      const { dual, peer, peerRole } = await dualIn(ctx, 'patient');
      dual.send({ content: uniqueText('wrong-role'), role: 'professional' });
      await expectFrame(ctx, dual, isError, 'an error frame answering role "professional" in a chat where the sender is the patient');
      await expectStillOpen(ctx, dual, 150, 'the socket after the error frame');
      const text = uniqueText('after-wrong-role');
      dual.send({ content: text });
      await expectFrame(ctx, peer, isMessageWith(text), `the ${peerRole} receives the next valid message`);
    },
  },
];
