// Each Medmapp variant is observable on the wire, and none leaks into the decided behaviour: the cases are
// a Record over the variant names, so a variant without a case does not compile. Every case runs twice:
// `on` against a server with that variant alone, `off` against the default server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../reference-server/index.ts';
import type { MedmappVariant } from '../../../reference-server/medmapp/variants.ts';
import { api, connect, connectOpen, login, quiet, start, type Harness } from '../probe.ts';
import { socketLimitCase } from '../socket-limit-case.ts';

type Probe = (server: RunningServer) => Promise<void>;
const tokenOf = async (s: RunningServer, role: 'patient' | 'operator' | 'outsider') => (await login(s, role)).access;

async function burst(s: RunningServer, n: number): Promise<{ accepted: number; refused: any[] }> {
  const ws = await connectOpen(s, await tokenOf(s, 'patient'));
  for (let i = 0; i < n; i++) ws.send({ message: `burst ${i}` });
  await ws.waitFor((f) => f.type === 'chat_message' || f.code === 'RATE_LIMIT_EXCEEDED', n, 10_000);
  ws.close();
  return { accepted: ws.frames.filter((f) => f.type === 'chat_message').length, refused: ws.frames.filter((f) => f.code === 'RATE_LIMIT_EXCEEDED') };
}

async function echoPair(s: RunningServer, text: string) {
  const [p, o] = await Promise.all([tokenOf(s, 'patient'), tokenOf(s, 'operator')]);
  const sender = await connectOpen(s, p);
  const peer = await connectOpen(s, o);
  sender.send({ message: text });
  const [got] = await peer.waitFor((f) => f.type === 'chat_message');
  await quiet();
  sender.close();
  peer.close();
  return { peer: got, sender: sender.frames.filter((f) => f.type === 'chat_message') };
}

const history = async (s: RunningServer, query = '') =>
  (await api(s, 'GET', `/api/conversations/1/messages/${query}`, { token: await tokenOf(s, 'patient'), schema: 'medmapp/message-page-response' })).json;

const create = async (s: RunningServer, body: Record<string, unknown>, role: 'patient' | 'operator' = 'operator') =>
  api(s, 'POST', '/api/conversations/', { token: await tokenOf(s, role), body });

const CASES: Record<MedmappVariant, { on: Probe; off: Probe }> = {
  'small-fixture': {
    on: async (s) => expect([(await history(s)).count, (await history(s)).next]).toEqual([3, null]),
    off: async (s) => expect((await history(s)).count).toBe(45),
  },
  'error-before-refusal': {
    on: async (s) => {
      const c = connect(s, `/ws/chat/1/?token=${await tokenOf(s, 'outsider')}`, { validateFrames: false });
      expect((await c.closed).code).toBe(4003);
      expect(c.frames).toEqual([{ type: 'error', error: 'Forbidden', code: 'FORBIDDEN_ROOM' }]);
    },
    off: async (s) => {
      const c = connect(s, `/ws/chat/1/?token=${await tokenOf(s, 'outsider')}`, { validateFrames: false });
      expect((await c.closed).code).toBe(4003);
      expect(c.frames).toEqual([]);
    },
  },
  'socket-limit': socketLimitCase(async (s) => {
    const t = await tokenOf(s, 'patient');
    return () => connect(s, `/ws/chat/1/?token=${t}`);
  }),
  'unknown-conversation-4000': {
    on: async (s) => {
      const t = await tokenOf(s, 'patient');
      expect((await connect(s, `/ws/chat/999999/?token=${t}`).closed).code).toBe(4000);
      expect((await connect(s, `/ws/chat/1/?token=${await tokenOf(s, 'outsider')}`).closed).code).toBe(4003);
    },
    off: async (s) => expect((await connect(s, `/ws/chat/999999/?token=${await tokenOf(s, 'patient')}`).closed).code).toBe(4003),
  },
  'no-echo': {
    on: async (s) => expect((await echoPair(s, 'no echo')).sender).toEqual([]),
    off: async (s) => expect((await echoPair(s, 'echo')).sender).toHaveLength(1),
  },
  'history-page-size-10': {
    on: async (s) => {
      const page = await history(s);
      expect([page.count, page.results.length, page.next]).toEqual([45, 10, '/api/conversations/1/messages/?page=2']);
      expect((await history(s, '?page=5')).results).toHaveLength(5);
    },
    off: async (s) => expect((await history(s)).results).toHaveLength(20),
  },
  'history-newest-first': {
    on: async (s) => {
      const [p1, p3] = [await history(s), await history(s, '?page=3')];
      const ids = [...p1.results, ...p3.results].map((m: any) => m.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      expect(p3.results).toHaveLength(5);
    },
    off: async (s) => {
      const ids = (await history(s)).results.map((m: any) => m.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    },
  },
  'absolute-page-links': {
    on: async (s) => expect((await history(s, '?page=2')).next).toBe(`${s.baseUrl}/api/conversations/1/messages/?page=3`),
    off: async (s) => expect((await history(s, '?page=2')).next).toBe('/api/conversations/1/messages/?page=3'),
  },
  'conversations-paginated': {
    on: async (s) => {
      const token = await tokenOf(s, 'patient');
      const p1 = (await api(s, 'GET', '/api/conversations/', { token, schema: 'medmapp/conversation-list-response' })).json;
      expect(p1.count).toBe(3);
      expect(p1.results.map((c: any) => c.id)).not.toContain(1);
      expect(p1.next).toBe('/api/conversations/?page=2');
      const p2 = (await api(s, 'GET', '/api/conversations/?page=2', { token, schema: 'medmapp/conversation-list-response' })).json;
      expect(p2.results.map((c: any) => c.id)).toEqual([1]);
      expect((await api(s, 'GET', '/api/conversations/?page=3', { token })).status).toBe(404);
    },
    off: async (s) => {
      const list = (await api(s, 'GET', '/api/conversations/', { token: await tokenOf(s, 'patient') })).json;
      expect(list.next).toBeNull();
      expect(list.results.map((c: any) => c.id)).toContain(1);
    },
  },
  'rate-limit-at-processing': {
    // Handled 25 ms apart, a burst of 20 lets the bucket refill while it is being processed; on arrival it cannot.
    on: async (s) => expect((await burst(s, 20)).accepted).toBeGreaterThanOrEqual(6),
    off: async (s) => expect((await burst(s, 20)).accepted).toBe(5),
  },
  'empty-title-accepted': {
    on: async (s) => {
      expect((await create(s, { patient: 10, title: '' })).status).toBe(201);
      expect((await create(s, { patient: 10 })).status).toBe(201);
    },
    off: async (s) => expect((await create(s, { patient: 10, title: '' })).status).toBe(400),
  },
  'create-200': {
    on: async (s) => {
      const res = await create(s, { patient: 10, title: 'created with 200' });
      expect([res.status, typeof res.json.id]).toEqual([200, 'number']);
    },
    off: async (s) => expect((await create(s, { patient: 10, title: 'created with 201' })).status).toBe(201),
  },
  'content-trimmed': {
    on: async (s) => expect((await echoPair(s, '  padded  ')).peer.data.content).toBe('padded'),
    off: async (s) => expect((await echoPair(s, '  padded  ')).peer.data.content).toBe('  padded  '),
  },
  'close-after-error': {
    on: async (s) => {
      const ws = await connectOpen(s, await tokenOf(s, 'patient'));
      ws.send('{not json');
      await ws.waitFor((f) => f.code === 'INVALID_JSON');
      expect((await ws.closed).code).toBe(4000);
    },
    off: async (s) => {
      const ws = await connectOpen(s, await tokenOf(s, 'patient'));
      ws.send('{not json');
      ws.send({ message: 'still open' });
      await ws.waitFor((f) => f.type === 'chat_message' && f.data.content === 'still open');
      ws.close();
    },
  },
  'login-elsewhere': {
    on: async (s) => {
      const { phone, password } = s.target.users.patient!.credentials!;
      expect((await api(s, 'POST', '/api/token/', { body: { phone, password } })).status).toBe(404);
      const res = await api(s, 'POST', '/api/login/', { body: { phone_number: phone, password } });
      expect(res.status).toBe(200);
      expect(res.json.user).toMatchObject({ id: 10, full_name: 'Ali Valiyev' });
      expect((await api(s, 'GET', '/api/conversations/', { token: res.json.tokens.access })).status).toBe(200);
      expect((await api(s, 'POST', '/api/login/', { body: { phone_number: phone, password: 'wrong' } })).status).toBe(401);
      expect((await api(s, 'POST', '/api/token/refresh/', { body: { refresh: res.json.tokens.refresh } })).status).toBe(404);
      const refreshed = await api(s, 'POST', '/api/login/refresh/', { body: { refresh: res.json.tokens.refresh }, schema: 'medmapp/token-refresh-response' });
      expect(refreshed.status).toBe(200);
      expect(s.target.endpoints).toEqual({
        'auth.login': { path: '/api/login/', fields: { phone: 'phone_number' }, accessPath: 'tokens.access', refreshPath: 'tokens.refresh' },
        'auth.refresh': { path: '/api/login/refresh/' },
      });
    },
    off: async (s) => {
      const { phone, password } = s.target.users.patient!.credentials!;
      expect((await api(s, 'POST', '/api/login/', { body: { phone_number: phone, password } })).status).toBe(404);
      expect(s.target.endpoints).toBeUndefined();
    },
  },
  'create-requires-created-by': {
    on: async (s) => {
      const missing = await create(s, { patient: 10, title: 't' });
      expect([missing.status, missing.json]).toEqual([400, { created_by: ['This field is required.'] }]);
      expect((await create(s, { patient: 10, title: 't', created_by: 999 })).status).toBe(400);
      expect((await create(s, { patient: 10, title: 't', created_by: 2 })).status).toBe(201);
      expect(s.target.endpoints).toEqual({ 'conversations.create': { body: { created_by: '{users.operator.id}' } } });
    },
    off: async (s) => expect((await create(s, { patient: 10, title: 't' })).status).toBe(201),
  },
  'one-active-per-pair': {
    on: async (s) => {
      const second = await create(s, { patient: 10, title: 'again' });
      expect(second.status).toBe(400);
      expect(second.json.non_field_errors).toHaveLength(1);
      expect((await create(s, { title: 'mine' }, 'patient')).status).toBe(201);
      expect((await create(s, { title: 'mine again' }, 'patient')).status).toBe(400);
    },
    off: async (s) => {
      expect((await create(s, { patient: 10, title: 'again' })).status).toBe(201);
      expect((await create(s, { patient: 10, title: 'and again' })).status).toBe(201);
    },
  },
  'status-not-changeable': {
    on: async (s) => expect((await api(s, 'PATCH', '/api/conversations/1/', { token: await tokenOf(s, 'operator'), body: { status: 'closed' } })).status).toBe(405),
    off: async (s) => expect((await api(s, 'PATCH', '/api/conversations/1/', { token: await tokenOf(s, 'operator'), body: { status: 'in_progress' } })).status).toBe(200),
  },
  'minimal-frame-sender': {
    on: async (s) => {
      const { peer } = await echoPair(s, 'minimal');
      expect(peer.data.sender).toEqual({ id: 10, full_name: 'Ali Valiyev' });
      expect(peer.data).not.toHaveProperty('attachments');
    },
    off: async (s) => expect((await echoPair(s, 'full')).peer.data.sender).toEqual({ id: 10, full_name: 'Ali Valiyev', role: 'patient' }),
  },
  'rate-limit-frame-as-documented': {
    on: async (s) => expect((await burst(s, 7)).refused[0]).toEqual({ error: "Juda ko'p so'rov. 1 soniya kuting.", code: 'RATE_LIMIT_EXCEEDED', retry_after: 1 }),
    off: async (s) => expect((await burst(s, 7)).refused[0].type).toBe('error'),
  },
  'foreign-conversation-403': {
    on: async (s) => {
      const token = await tokenOf(s, 'outsider');
      expect((await api(s, 'GET', '/api/conversations/1/messages/', { token })).status).toBe(403);
      expect((await api(s, 'GET', '/api/conversations/999999/messages/', { token })).status).toBe(404);
    },
    off: async (s) => expect((await api(s, 'GET', '/api/conversations/1/messages/', { token: await tokenOf(s, 'outsider') })).status).toBe(404),
  },
};

let plain: Harness;
beforeAll(async () => {
  plain = await start();
});
afterAll(async () => {
  await plain.server.close();
  expect(plain.capture.events('schema-violation')).toEqual([]);
});

describe('medmapp variants', () => {
  it.each(Object.keys(CASES) as MedmappVariant[])('%s: on the wire with the variant, absent without it', async (name) => {
    const h = await start({ variants: [name] });
    try {
      await CASES[name].on(h.server);
      expect(h.capture.events('schema-violation')).toEqual([]);
      expect(h.capture.events('listening')[0]?.variants).toEqual([name]);
    } finally {
      await h.server.close();
    }
    await CASES[name].off(plain.server);
  });
});
