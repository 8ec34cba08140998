// Document 002 on the reference server: who may join by which method (D-carechat-08/10), create-or-get
// under concurrent requests (D-carechat-02), and the frames' timestamps (D-carechat-16).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { api, expectSchema, start, within, type Harness } from '../probe.ts';

let h: Harness;
const tokens: Record<string, { access: string; refresh: string }> = {};
beforeAll(async () => {
  h = await start({ profile: 'carechat' });
  for (const role of ['patient', 'professional', 'outsider', 'dual']) {
    const res = await api(h.server, 'POST', '/api/token/', { body: h.server.target.users[role]!.credentials, schema: 'carechat/token-response' });
    tokens[role] = res.json;
  }
});
afterAll(() => h.server.close());

const chat = () => String(h.server.target.fixtures!.chat);

/** 'admitted' when open after a ping/pong round trip, else `closed <code>`; every wait bounded. */
async function admission(path: string, headers: Record<string, string> = {}): Promise<{ outcome: string; ws: WebSocket; frames: any[] }> {
  const ws = new WebSocket(`${h.server.wsUrl}${path}`, { headers });
  const frames: any[] = [];
  ws.on('message', (d) => frames.push(JSON.parse(String(d))));
  ws.on('error', () => {});
  const closed = new Promise<string>((resolve) => ws.on('close', (code) => resolve(`closed ${code}`)));
  const opened = await within(new Promise<boolean>((resolve) => (ws.once('open', () => resolve(true)), ws.once('close', () => resolve(false)))), 5000, 'the handshake');
  if (!opened) return { outcome: await closed, ws, frames };
  const pong = new Promise<boolean>((resolve) => (ws.once('pong', () => resolve(ws.readyState === WebSocket.OPEN)), ws.once('close', () => resolve(false))));
  ws.ping();
  const outcome = (await within(pong, 5000, 'a pong')) ? 'admitted' : await within(closed, 5000, 'the close');
  return { outcome, ws, frames };
}

describe('admission by ?token= or Authorization header (D-carechat-08, D-carechat-10)', () => {
  it('admits the members by either method, and closes everyone else before any frame', async () => {
    const bearer = (role: string) => ({ authorization: `Bearer ${tokens[role]!.access}` });
    const cases: [string, string, Record<string, string>, string][] = [
      ['patient by query', `/ws/chat/${chat()}/?token=${tokens.patient!.access}`, {}, 'admitted'],
      ['professional by header', `/ws/chat/${chat()}/`, bearer('professional'), 'admitted'],
      ['query wins over the outsider\'s header', `/ws/chat/${chat()}/?token=${tokens.patient!.access}`, bearer('outsider'), 'admitted'],
      ['a malformed header beside a query token is ignored', `/ws/chat/${chat()}/?token=${tokens.patient!.access}`, { authorization: 'Basic abc' }, 'admitted'],
      ['a malformed header alone', `/ws/chat/${chat()}/`, { authorization: 'Basic abc' }, 'closed 4001'],
      ['no token', `/ws/chat/${chat()}/`, {}, 'closed 4001'],
      ['a refresh token in the header', `/ws/chat/${chat()}/`, { authorization: `Bearer ${tokens.patient!.refresh}` }, 'closed 4001'],
      ['the outsider by header', `/ws/chat/${chat()}/`, bearer('outsider'), 'closed 4003'],
      ['the dual user, in neither side of the chat', `/ws/chat/${chat()}/?token=${tokens.dual!.access}`, {}, 'closed 4003'],
      ['a chat that does not exist', `/ws/chat/00000000-0000-4000-8000-000000000000/`, bearer('patient'), 'closed 4003'],
      ['a chat id that is not a UUID', '/ws/chat/abc/', bearer('patient'), 'closed 4000'],
    ];
    for (const [what, path, headers, want] of cases) {
      const { outcome, ws, frames } = await admission(path, headers);
      expect(outcome, what).toBe(want);
      expect(frames, what).toEqual([]);
      ws.close();
    }
  });
});

describe('create-or-get (D-carechat-02)', () => {
  it('concurrent requests for one pair land on one chat, 201 for a new one and 200 after', async () => {
    const body = { patient: String(h.server.target.users.outsider!.id) };
    const answers = await Promise.all(Array.from({ length: 5 }, () => api(h.server, 'POST', '/chat/chats/', { token: tokens.dual!.access, body, schema: 'carechat/chat-create-response' })));
    expect(new Set(answers.map((a) => a.json.id)).size).toBe(1);
    expect(answers.every((a) => a.status === 201 || a.status === 200)).toBe(true);
    const again = await api(h.server, 'POST', '/chat/chats/', { token: tokens.dual!.access, body });
    expect(again.status).toBe(200);
    expect(again.json).toEqual(answers[0]!.json);
  });
});

describe('frames (002 §Receiving Messages, D-carechat-16)', () => {
  it('renders created_at with microseconds as the document shows, and stamps the sender\'s side', async () => {
    const a = await admission(`/ws/chat/${chat()}/?token=${tokens.patient!.access}`);
    const b = await admission(`/ws/chat/${chat()}/`, { authorization: `Bearer ${tokens.professional!.access}` });
    a.ws.send(JSON.stringify({ content: 'Hello, doctor!' }));
    const deadline = Date.now() + 5000;
    while (b.frames.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const frame = b.frames[0];
    expectSchema('carechat/ws-out-message', frame);
    expect(frame.message.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    expect(frame.message.sender_type).toBe('patient');
    a.ws.close();
    b.ws.close();
  });
});

describe('variant error-before-refusal (002 §Common Errors: "Chat not found")', () => {
  it('a chat that does not exist gets {"error": "Chat not found"}, then its close', async () => {
    const v = await start({ profile: 'carechat', variants: ['error-before-refusal'] });
    try {
      const login = await api(v.server, 'POST', '/api/token/', { body: v.server.target.users.patient!.credentials });
      const ws = new WebSocket(`${v.server.wsUrl}/ws/chat/00000000-0000-4000-8000-000000000000/?token=${login.json.access}`);
      const frames: any[] = [];
      ws.on('message', (d) => frames.push(JSON.parse(String(d))));
      const code = await within(new Promise<number>((resolve) => ws.on('close', (c) => resolve(c))), 5000, 'the close');
      expect([code, frames]).toEqual([4003, [{ error: 'Chat not found' }]]);
    } finally {
      await v.server.close();
    }
  });
});
