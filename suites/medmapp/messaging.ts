// 000 §3.2–§3.3 (send and receive), §2.3 (history) and §6 (XSS protection).
import type { Check } from '../../harness/check.ts';
import { expectFrame, expectSchema, expectTrue, short } from '../../harness/verify.ts';
import { connectedPair, data, isChat, isChatWith, readHistory, unescapeHtml, uniqueText } from './support.ts';


export const messaging: Check[] = [
  {
    id: 'medmapp-msg-01',
    level: 'MUST',
    doc: '000 §3.3',
    title: 'The other participant receives a schema-valid chat_message',
    requirement: 'A message sent with socket.send({message}) reaches the other participant as {"type": "chat_message", "data": {id, sender, content, type, created_at, is_read_by_recipient}}.',
    tags: ['messaging', 'websocket', 'schema'],
    async run(ctx) {
      const { patient, operator } = await connectedPair(ctx);
      const text = uniqueText('hello');
      patient.send({ message: text, type: 'text' });
      const frame = await expectFrame(ctx, operator, isChatWith(text), `operator receives chat_message with content "${text}"`);
      expectSchema(ctx, 'medmapp/ws-out-chat-message', frame.json, 'the chat_message frame');
    },
  },
  {
    id: 'medmapp-msg-02',
    level: 'SHOULD',
    doc: '000 §3.3',
    decision: 'D-medmapp-18',
    title: 'The sender receives its own chat_message too',
    requirement: 'Decision D-medmapp-18 (the document is silent): The message goes to the conversation\'s group, the sender\'s socket included, so every client renders from the same frames.',
    tags: ['messaging', 'websocket'],
    async run(ctx) {
      const { patient } = await connectedPair(ctx);
      const text = uniqueText('echo');
      patient.send({ message: text });
      await expectFrame(ctx, patient, isChatWith(text), `the sender's own socket receives "${text}"`);
    },
  },
  {
    id: 'medmapp-msg-03',
    level: 'SHOULD',
    doc: '000 §3.3',
    decision: 'D-medmapp-22',
    title: 'Messages arrive in the order they were sent',
    requirement: 'Decision D-medmapp-22 (the document shows a chat but never says so): a chat is a sequence: the other participant receives one connection\'s messages in sending order.',
    tags: ['messaging', 'websocket', 'ordering'],
    async run(ctx) {
      const { patient, operator } = await connectedPair(ctx);
      const tag = uniqueText('seq');
      const sent = [1, 2, 3, 4, 5].map((n) => `${tag}-${n}`); // 5: within the §3.5 limit
      for (const text of sent) patient.send({ message: text });
      const mine = (f: Parameters<typeof isChat>[0]) => isChat(f) && String(data(f).content).startsWith(tag);
      const frames = await operator.collect(ctx.timeoutMs, mine, sent.length);
      const got = frames.map((f) => String(data(f).content));
      expectTrue(ctx, JSON.stringify(got) === JSON.stringify(sent), {
        expected: [sent.join(', ')],
        observed: got.join(', ') || 'nothing',
        reason: got.length < sent.length ? `only ${got.length} of ${sent.length} messages arrived` : JSON.stringify(got) === JSON.stringify(sent) ? 'all 5 arrived in order' : 'the messages arrived out of order',
      });
    },
  },
  {
    id: 'medmapp-msg-04',
    level: 'MUST',
    doc: '000 §2.3',
    title: 'A sent message is persisted and visible in history',
    requirement: '§5 step 4a "HISTORY: /api/conversations/1/messages/ (Xabar tarixini yuklash)" (load the message history): history holds what was exchanged over the socket, with the same id and content.',
    tags: ['messaging', 'rest', 'persistence'],
    async run(ctx) {
      const { id, patient, operator } = await connectedPair(ctx);
      const text = uniqueText('persist');
      patient.send({ message: text });
      const frame = await expectFrame(ctx, operator, isChatWith(text), `operator receives "${text}"`);
      const history = await readHistory(ctx, 'operator', id);
      const stored = history.find((m) => m?.content === text);
      expectTrue(ctx, Boolean(stored) && String(stored!.id) === String(data(frame).id), {
        expected: [`a history item with id ${data(frame).id} and content "${text}"`],
        observed: stored ? short(stored) : `${history.length} message(s), none with that content`,
        reason: stored ? (String(stored.id) === String(data(frame).id) ? 'the message is in history with the same id' : `history id ${stored.id} differs from the frame's id ${data(frame).id}`) : 'the message is not in history',
      });
    },
  },
  {
    id: 'medmapp-msg-05',
    level: 'MUST',
    doc: '000 §6',
    title: 'Message content is HTML-escaped by the server',
    requirement: '"XSS Protection: Server tomonida HTML escape qilinadi" — markup in a message reaches clients escaped, over the socket and in history.',
    tags: ['messaging', 'security', 'xss'],
    async run(ctx) {
      const { id, patient, operator } = await connectedPair(ctx);
      const marker = uniqueText('xss');
      const raw = `<script>alert("${marker}")</script><b onclick='x'>&</b>`;
      patient.send({ message: raw });
      const frame = await expectFrame(ctx, operator, (f) => isChat(f) && String(data(f).content).includes(marker), 'operator receives the message');
      const content = String(data(frame).content);
      const escaped = (s: string) => !/[<>]/.test(s) && unescapeHtml(s) === raw;
      expectTrue(ctx, escaped(content), {
        expected: ['content without raw < or >, which unescapes to what was sent (e.g. &lt;script&gt;…)'],
        observed: content,
        reason: escaped(content) ? 'the frame carries escaped content' : 'the frame carries markup unescaped',
      });
      const stored = (await readHistory(ctx, 'patient', id, 20, 'medmapp-msg-04')).find((m) => String(m?.content).includes(marker));
      expectTrue(ctx, Boolean(stored) && escaped(String(stored!.content)), {
        expected: ['the history item escaped the same way'],
        observed: stored ? String(stored.content) : 'not in history',
        reason: stored && escaped(String(stored.content)) ? 'frame and history carry escaped content' : 'history carries the content unescaped (or not at all)',
      });
    },
  },
  {
    id: 'medmapp-msg-06',
    level: 'MUST',
    doc: '000 §3.2',
    title: 'A message without "type" is taken as text',
    requirement: '`type: "text"  // optional, default: "text"` — §7 sends {"message": "Test xabar"} alone.',
    tags: ['messaging', 'websocket'],
    async run(ctx) {
      const { patient, operator } = await connectedPair(ctx);
      const text = uniqueText('notype');
      patient.send({ message: text });
      const frame = await expectFrame(ctx, operator, isChatWith(text), `operator receives "${text}"`);
      expectTrue(ctx, data(frame).type === 'text', {
        expected: ['data.type "text"'],
        observed: short(frame.json),
        reason: data(frame).type === 'text' ? 'delivered as a text message' : `delivered with data.type ${JSON.stringify(data(frame).type)}`,
      });
    },
  },
];
