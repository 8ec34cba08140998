// 004 §WebSocket Connections: a chat_message sent on /ws/chat/<room_id>/ reaches every member socket of
// the room and nobody else; `reply_to` and `files` travel with it into history; and the other events of
// §Message Events (message_edited, message_deleted, user_typing, message_read), whose frames 004 names
// but does not show (D-uzbekhub-09, D-uzbekhub-10, D-uzbekhub-21).
import type { Check } from '../../harness/check.ts';
import type { Frame, WsProbe } from '../../client/ws.ts';
import { expectFrame, expectNoFrame, expectSchema, expectTrue, short } from '../../harness/verify.ts';
import { curlLine, uniqueText } from '../support.ts';
import { families as f } from './families.ts';
import { ownFile } from './files.ts';
import { chatFrame, chatWith, field, historyOf, idOf, inner, messageIdOf, openSocket, ownRoom, sentMessage, textOf, typeOf, type Ctx, type UzState } from './support.ts';

const D10 = 'Decision D-uzbekhub-10 (004 names the events but does not show them):';
const D09 = 'Decision D-uzbekhub-09 (004 shows only the chat_message client frame):';

/** A room of the check's own with the owner, the admin and the member connected; the message sent by the owner. */
async function connected(ctx: Ctx): Promise<{ room: string; owner: WsProbe; admin: WsProbe; member: WsProbe }> {
  const room = await ownRoom(ctx, { withAdmin: false });
  const [owner, admin, member] = await Promise.all([openSocket(ctx, room, 'owner'), openSocket(ctx, room, 'admin'), openSocket(ctx, room, 'member')]);
  return { room, owner, admin, member };
}

const event = (type: string, pred: (f: Frame) => boolean = () => true) => (f: Frame): boolean => typeOf(f) === type && pred(f);

export const socketChecks: Check<UzState>[] = [
  {
    id: 'uzbekhub-ws-01',
    level: 'MUST',
    doc: '004 §WebSocket Connections',
    title: 'A chat_message reaches every member socket of the room and no socket of another room',
    requirement: '"Chat xabarlari real-time yuborish va qabul qilish uchun WebSocket ishlatiladi" (the WebSocket sends and receives chat messages in real time): socket.send({"type": "chat_message", "message": "Hello!", "reply_to": null, "files": []}); §Message Events: "chat_message - Yangi xabar".',
    tags: ['messaging', 'websocket', 'access'],
    async run(ctx) {
      const { room, owner, admin, member } = await connected(ctx);
      // The outsider listens in a room of its own with the owner: it must hear nothing of this one.
      const elsewhere = await ownRoom(ctx, { members: ['outsider'], withAdmin: false });
      const outsider = await openSocket(ctx, elsewhere, 'outsider');
      const text = uniqueText('to-all');
      owner.send(chatFrame(text));
      for (const [who, probe] of [['admin', admin], ['member', member]] as const) await expectFrame(ctx, probe, chatWith(text), `the ${who} receives the owner's chat_message "${text}" in room ${room}`);
      await expectNoFrame(ctx, outsider, (fr) => JSON.stringify(fr.json ?? '').includes(text), ctx.quietMs, 'the outsider, in another room, receives nothing of it');
    },
  },
  f['peer-broadcast'],
  f.echo,
  {
    id: 'uzbekhub-ws-04',
    level: 'MUST',
    doc: '004 §WebSocket Connections',
    title: 'A chat_message\'s reply_to and files are kept: history shows the reply and the attachment',
    requirement: 'Send Message {"type": "chat_message", "message", "reply_to", "files"}; §Chat API 15 shows each message with "reply_to" and "attachments" (file objects of §17, D-uzbekhub-26).',
    tags: ['messaging', 'websocket', 'files', 'history'],
    async run(ctx) {
      const room = await ownRoom(ctx, { withAdmin: false });
      const owner = await openSocket(ctx, room, 'owner');
      const first = await sentMessage(ctx, owner, room, uniqueText('first'));
      const file = await ownFile(ctx, 'owner');
      const text = uniqueText('reply');
      owner.send(chatFrame(text, String(first.id), [Number(file.id)]));
      let stored: Record<string, unknown> | undefined;
      for (const deadline = Date.now() + ctx.timeoutMs; !stored && Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
        stored = (await historyOf(ctx, room)).find((m) => m.text === text);
      }
      const attachments = Array.isArray(stored?.attachments) ? (stored!.attachments as Record<string, unknown>[]) : [];
      expectTrue(ctx, stored?.reply_to === first.id && attachments.some((a) => a.id === file.id), {
        expected: [`a history item "${text}" with reply_to ${String(first.id)} and the attachment ${String(file.id)}`],
        observed: stored ? short(stored) : 'not in history',
        pass: 'the reply and its file are in history',
        fail: !stored ? 'the message with reply_to and files is not in history' : stored.reply_to !== first.id ? `reply_to is ${JSON.stringify(stored.reply_to)}` : 'the file is not among its attachments',
      });
    },
  },
  {
    id: 'uzbekhub-ws-05',
    level: 'SHOULD',
    doc: '004 §WebSocket Connections',
    decision: 'D-uzbekhub-21',
    title: 'A message deleted over REST is announced as message_deleted on the room\'s sockets',
    requirement: `§Message Events: "message_deleted - Xabar o'chirildi"; Decision D-uzbekhub-21/10: DELETE /api/chat/message/{id}/ is broadcast as {type: "message_deleted", message_id, room} to every socket of the room.`,
    tags: ['messaging', 'websocket', 'rest'],
    async run(ctx) {
      const { room, owner, member } = await connected(ctx);
      const message = await sentMessage(ctx, owner, room, uniqueText('rest-delete'));
      ctx.addReproduction(curlLine('DELETE', `/api/chat/message/${String(message.id)}/`, 'owner'));
      await ctx.rest('messages.delete', { role: 'owner', params: { id: String(message.id) } });
      const frame = await expectFrame(ctx, member, event('message_deleted', (fr) => field(fr, 'message_id') === message.id), 'the member receives message_deleted for it');
      expectSchema(ctx, 'uzbekhub/ws-out-message-deleted', frame.json, 'the message_deleted event');
    },
  },
  {
    id: 'uzbekhub-ws-06',
    level: 'SHOULD',
    doc: '004 §WebSocket Connections',
    decision: 'D-uzbekhub-09',
    title: 'edit_message by the sender is announced as message_edited with the new text',
    requirement: `§Message Events: "message_edited - Xabar tahrirlandi"; ${D09} edit_message {message_id, message} (sender only) is announced to the room's other members as message_edited carrying the new text (its shape is D-uzbekhub-10's, judged by uzbekhub-ws-02).`,
    tags: ['messaging', 'websocket'],
    async run(ctx) {
      const { room, owner, member } = await connected(ctx);
      const message = await sentMessage(ctx, owner, room, uniqueText('before-edit'));
      const text = uniqueText('after-edit');
      owner.send({ type: 'edit_message', message_id: message.id, message: text });
      // The event's shape is D-uzbekhub-10's, judged once (uzbekhub-ws-02): here the id and text are read wherever the server puts them.
      const frame = await expectFrame(ctx, member, event('message_edited', (fr) => String(messageIdOf(fr)) === String(message.id)), 'the member receives message_edited');
      const edited = inner(frame).is_edited ?? field(frame, 'is_edited');
      expectTrue(ctx, textOf(frame) === text && edited !== false, { expected: [`text "${text}", is_edited true`], observed: short(frame.json), pass: 'the edit carries the new text', fail: 'the edited message does not carry the new text and is_edited true' });
    },
  },
  {
    id: 'uzbekhub-ws-07',
    level: 'SHOULD',
    doc: '004 §WebSocket Connections',
    decision: 'D-uzbekhub-10',
    title: 'typing is announced to the others as user_typing',
    requirement: `§Message Events: "user_typing - Foydalanuvchi yozmoqda"; ${D09} typing {is_typing}; ${D10} user_typing {user_id, username, is_typing} to the other sockets.`,
    tags: ['messaging', 'websocket'],
    async run(ctx) {
      const { owner, member } = await connected(ctx);
      owner.send({ type: 'typing', is_typing: true });
      const frame = await expectFrame(ctx, member, event('user_typing'), 'the member receives user_typing');
      expectSchema(ctx, 'uzbekhub/ws-out-user-typing', frame.json, 'the user_typing event');
      expectTrue(ctx, field(frame, 'user_id') === idOf(ctx, 'owner') && field(frame, 'is_typing') === true, { expected: [`user_id ${idOf(ctx, 'owner')}, is_typing true`], observed: short(frame.json), pass: 'the event names the owner typing', fail: 'the event does not name the owner typing' });
    },
  },
  {
    id: 'uzbekhub-ws-08',
    level: 'SHOULD',
    doc: '004 §WebSocket Connections',
    decision: 'D-uzbekhub-10',
    title: 'mark_read is announced as message_read',
    requirement: `§Message Events: "message_read - Xabar o'qildi"; ${D09} mark_read {message_id}; ${D10} message_read {message_id, user_id} to every socket.`,
    tags: ['messaging', 'websocket'],
    async run(ctx) {
      const { room, owner, member } = await connected(ctx);
      const message = await sentMessage(ctx, owner, room, uniqueText('read-me'));
      member.send({ type: 'mark_read', message_id: message.id });
      const frame = await expectFrame(ctx, owner, event('message_read', (fr) => field(fr, 'message_id') === message.id), 'the owner receives message_read');
      expectSchema(ctx, 'uzbekhub/ws-out-message-read', frame.json, 'the message_read event');
      expectTrue(ctx, field(frame, 'user_id') === idOf(ctx, 'member'), { expected: [`user_id ${idOf(ctx, 'member')}`], observed: short(frame.json), pass: 'the event names the reader', fail: 'the event does not name the member as reader' });
    },
  },
  {
    id: 'uzbekhub-ws-09',
    level: 'SHOULD',
    doc: '004 §WebSocket Connections',
    decision: 'D-uzbekhub-09',
    title: 'delete_message by the sender is announced as message_deleted and removes the message',
    requirement: `§Message Events: "message_deleted - Xabar o'chirildi"; ${D09} delete_message {message_id} (sender only); ${D10} message_deleted {message_id, room}.`,
    tags: ['messaging', 'websocket', 'history'],
    async run(ctx) {
      const { room, owner, member } = await connected(ctx);
      const message = await sentMessage(ctx, owner, room, uniqueText('ws-delete'));
      owner.send({ type: 'delete_message', message_id: message.id });
      await expectFrame(ctx, member, event('message_deleted', (fr) => field(fr, 'message_id') === message.id), 'the member receives message_deleted');
      const ids = (await historyOf(ctx, room)).map((m) => m.id);
      expectTrue(ctx, !ids.includes(message.id), { expected: ['the message gone from history'], observed: `${ids.length} messages`, pass: 'the message is deleted', fail: 'the message is still in history' });
    },
  },
  f['invalid-json'],
  f['empty-message'],
  f['error-frame-schema'],
];
