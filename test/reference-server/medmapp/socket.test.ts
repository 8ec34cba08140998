// §3 of document 000 against the running reference server, with raw ws clients.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connect, connectOpen, login, quiet, sleep, start, type Harness } from '../probe.ts';

let h: Harness;
let patient: { access: string; refresh: string };
let operator: { access: string; refresh: string };
let outsider: { access: string; refresh: string };

beforeAll(async () => {
  h = await start();
  [patient, operator, outsider] = await Promise.all([login(h.server, 'patient'), login(h.server, 'operator'), login(h.server, 'outsider')]);
});

afterAll(async () => {
  await h.server.close();
  expect(h.capture.events('schema-violation')).toEqual([]);
});

describe('close codes (§3.4): the upgrade is accepted, then closed with the code', () => {
  const cases: [string, () => string, number][] = [
    ['no token', () => '/ws/chat/1/', 4001],
    ['an empty token', () => '/ws/chat/1/?token=', 4001],
    ['a garbage token', () => '/ws/chat/1/?token=not-a-jwt', 4001],
    ['a token with a forged signature', () => `/ws/chat/1/?token=${patient.access.slice(0, -4)}AAAA`, 4001],
    ['an expired token', () => `/ws/chat/1/?token=${h.server.target.users.patient!.expiredToken}`, 4001],
    ['a refresh token', () => `/ws/chat/1/?token=${patient.refresh}`, 4001],
    ['an outsider', () => `/ws/chat/1/?token=${outsider.access}`, 4003],
    ['an unknown conversation', () => `/ws/chat/999999/?token=${patient.access}`, 4003],
    ['a non-numeric id', () => `/ws/chat/abc/?token=${patient.access}`, 4000],
    ['a malformed path', () => `/ws/chat/1/extra/?token=${patient.access}`, 4000],
  ];
  it.each(cases)('%s closes %i', async (_name, path, code) => {
    const client = connect(h.server, path());
    expect(await client.opened).toBe(true);
    expect(await client.closed).toEqual({ code });
  });

  it('answers HTTP 404 to an upgrade outside /ws/chat/', async () => {
    const client = connect(h.server, `/ws/other/1/?token=${patient.access}`);
    expect((await client.closed).httpStatus).toBe(404);
  });
});

describe('messaging (§3.2, §3.3)', () => {
  it('broadcasts chat_message to every socket of the conversation, the sender included, and stores it', async () => {
    const p = await connectOpen(h.server, patient.access);
    const o = await connectOpen(h.server, operator.access);
    p.send({ message: 'Salom, doktor!', type: 'text' });
    const [toOperator] = await o.waitFor((f) => f.type === 'chat_message');
    const [toSender] = await p.waitFor((f) => f.type === 'chat_message');
    expect(toSender).toEqual(toOperator);
    expect(toOperator.data).toMatchObject({ sender: { id: 10, full_name: 'Ali Valiyev' }, content: 'Salom, doktor!', type: 'text', is_read_by_recipient: false });
    const last = await api(h.server, 'GET', '/api/conversations/1/messages/?page=last', { token: operator.access, schema: 'medmapp/message-page-response' });
    expect(last.json.results.at(-1)).toMatchObject({ id: toOperator.data.id, content: 'Salom, doktor!' });
    p.close();
    o.close();
  });

  it('escapes HTML as Django escape() does, in frames and in history (D-medmapp-13)', async () => {
    const p = await connectOpen(h.server, patient.access);
    p.send({ message: `<script>alert("x")</script> & 'y'` });
    const [frame] = await p.waitFor((f) => f.type === 'chat_message');
    const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;y&#x27;';
    expect(frame.data.content).toBe(escaped);
    const last = await api(h.server, 'GET', '/api/conversations/1/messages/?page=last', { token: patient.access });
    expect(last.json.results.find((m: { id: number }) => m.id === frame.data.id).content).toBe(escaped);
    p.close();
  });

  it('rate limits a burst of 7 to 5 delivered and 2 refused, and accepts again after 1 s (§3.5)', async () => {
    const p = await connectOpen(h.server, patient.access);
    const o = await connectOpen(h.server, operator.access);
    for (let i = 1; i <= 7; i++) p.send({ message: `burst ${i}` });
    const refused = await p.waitFor((f) => f.type === 'error', 2);
    await o.waitFor((f) => f.type === 'chat_message', 5);
    await quiet();
    expect(o.frames.filter((f) => f.type === 'chat_message').map((f) => f.data.content)).toEqual([1, 2, 3, 4, 5].map((i) => `burst ${i}`));
    for (const frame of refused) {
      expect(frame).toEqual({ type: 'error', error: "Juda ko'p so'rov. 1 soniya kuting.", code: 'RATE_LIMIT_EXCEEDED', retry_after: 1 });
    }
    await sleep(1050);
    p.send({ message: 'after the window' });
    await o.waitFor((f) => f.data?.content === 'after the window');
    p.close();
    o.close();
  });
});

describe('malformed frames get an error frame and never crash the server', () => {
  const cases: [string, unknown, string][] = [
    ['invalid JSON', '{"message": ', 'INVALID_JSON'],
    ['binary', Buffer.from([1, 2, 3]), 'INVALID_JSON'],
    ['a JSON array', '[1,2]', 'INVALID_MESSAGE'],
    ['a JSON string', '"hi"', 'INVALID_MESSAGE'],
    ['null', 'null', 'INVALID_MESSAGE'],
    ['a number message', { message: 123 }, 'INVALID_MESSAGE'],
    ['no message', { type: 'text' }, 'INVALID_MESSAGE'],
    ['an empty message', { message: '' }, 'EMPTY_MESSAGE'],
    ['a whitespace message', { message: ' \n\t ' }, 'EMPTY_MESSAGE'],
    ['an unknown type', { type: 'bogus', message: 'x' }, 'UNSUPPORTED_TYPE'],
    ['type file over WebSocket', { type: 'file', message: 'x' }, 'UNSUPPORTED_TYPE'],
  ];
  it('answers each with {type: "error", error, code}, stores nothing, and keeps the socket open', async () => {
    const p = await connectOpen(h.server, patient.access);
    const before = (await api(h.server, 'GET', '/api/conversations/1/messages/', { token: patient.access })).json.count;
    for (const [, frame] of cases) p.send(frame);
    const errors = await p.waitFor((f) => f.type === 'error', cases.length);
    expect(errors.map((e) => e.code)).toEqual(cases.map((c) => c[2]));
    for (const e of errors) expect(typeof e.error).toBe('string');
    expect(p.frames.filter((f) => f.type === 'chat_message')).toEqual([]);
    p.send({ message: 'still here' });
    await p.waitFor((f) => f.data?.content === 'still here');
    const after = (await api(h.server, 'GET', '/api/conversations/1/messages/', { token: patient.access })).json.count;
    expect(after).toBe(before + 1);
    p.close();
  });

  it('closes a text frame over 64 KiB with 1009 (D-medmapp-19) and keeps serving', async () => {
    const p = await connectOpen(h.server, patient.access);
    p.send({ message: 'x'.repeat(70 * 1024) });
    expect((await p.closed).code).toBe(1009);
    const again = await connectOpen(h.server, patient.access);
    again.send({ message: 'after the big one' });
    await again.waitFor((f) => f.data?.content === 'after the big one');
    again.close();
  });
});
