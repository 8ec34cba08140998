// Each CarInfoPro variant is observable on the wire, and none leaks into the decided behaviour: the cases
// are a Record over the variant names, so a variant without a case does not compile. Every case runs
// twice: `on` against a server with that variant alone, `off` against the default server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../reference-server/index.ts';
import type { CarinfoproVariant } from '../../../reference-server/carinfopro/variants.ts';
import { faultTest } from '../fault-proof.ts';
import { api, connect, quiet, within, type Harness } from '../probe.ts';
import { socketLimitCase } from '../socket-limit-case.ts';
import { fixtureRoom, fixtureVisitor, isError, isMessage, login, open, ownerId, socket, start } from './probe.ts';

type Probe = (server: RunningServer) => Promise<void>;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

async function closes(s: RunningServer): Promise<number[]> {
  const { access } = await login(s);
  const other = (await login(s, 'other_owner')).access;
  const room = fixtureRoom(s);
  const paths: [string, string][] = [
    [room, ''],
    [room, '?token=not-a-jwt'],
    [room, `?visitor=${UNKNOWN}`],
    [room, `?token=${other}`],
    [UNKNOWN, `?token=${access}`],
    ['abc', `?token=${access}`],
  ];
  return Promise.all(paths.map(async ([r, q]) => (await socket(s, r, q).closed).code));
}

async function start201(s: RunningServer, body: Record<string, unknown>) {
  return api(s, 'POST', '/api/chat/start/', { body });
}

/** The visitor of the fixture room sends `text`; what the owner's socket and the sender's own socket get. */
async function send(s: RunningServer, text: string) {
  const { access } = await login(s);
  const visitor = await open(s, fixtureRoom(s), `?visitor=${fixtureVisitor(s)}`);
  const owner = await open(s, fixtureRoom(s), `?token=${access}`);
  visitor.send({ message: text });
  const [got] = await owner.waitFor(isMessage);
  await quiet();
  visitor.close();
  owner.close();
  return { owner: got, sender: visitor.frames.filter(isMessage) };
}

async function errorThenOpen(s: RunningServer) {
  const ws = await open(s, fixtureRoom(s), `?visitor=${fixtureVisitor(s)}`);
  ws.send('{not json');
  await ws.waitFor(isError);
  return ws;
}

const CASES: Record<CarinfoproVariant, { on: Probe; off: Probe }> = {
  'socket-limit': socketLimitCase(async (s) => {
    const { access } = await login(s);
    return () => connect(s, `/ws/chat/${fixtureRoom(s)}/?token=${access}`, { validateFrames: false });
  }),
  'own-close-codes': {
    on: async (s) => expect(await closes(s)).toEqual([4401, 4401, 4401, 4403, 4404, 4400]),
    off: async (s) => expect(await closes(s)).toEqual([4001, 4001, 4001, 4003, 4003, 4000]),
  },
  'unknown-owner-404': {
    on: async (s) => {
      const res = await start201(s, { user_id: UNKNOWN });
      expect([res.status, res.json]).toEqual([404, { detail: 'Owner not found.' }]);
      expect((await start201(s, { user_id: 'nope' })).status).toBe(400);
    },
    off: async (s) => expect((await start201(s, { user_id: UNKNOWN })).status).toBe(400),
  },
  'start-200': {
    on: async (s) => expect((await api(s, 'POST', '/api/chat/start/', { body: { user_id: ownerId(s) }, schema: 'carinfopro/chat-start-response' })).status).toBe(200),
    off: async (s) => expect((await start201(s, { user_id: ownerId(s) })).status).toBe(201),
  },
  'content-trimmed': {
    on: async (s) => expect((await send(s, '  padded  ')).owner.message).toBe('padded'),
    off: async (s) => expect((await send(s, '  padded  ')).owner.message).toBe('  padded  '),
  },
  'no-echo': {
    on: async (s) => expect((await send(s, 'no echo')).sender).toEqual([]),
    off: async (s) => expect((await send(s, 'echo')).sender).toHaveLength(1),
  },
  'login-elsewhere': {
    on: async (s) => {
      const { username, password } = s.target.users.owner!.credentials!;
      expect((await api(s, 'POST', '/api/token/', { body: { username, password } })).status).toBe(404);
      const res = await api(s, 'POST', '/api/auth/token/', { body: { phone_number: username, password }, schema: 'carinfopro/token-response' });
      expect(res.status).toBe(200);
      expect((await api(s, 'GET', '/api/chat/rooms/', { token: res.json.access })).status).toBe(200);
      const refreshed = await api(s, 'POST', '/api/auth/token/refresh/', { body: { refresh: res.json.refresh }, schema: 'carinfopro/token-refresh-response' });
      expect(refreshed.status).toBe(200);
      expect(s.target.endpoints).toEqual({
        'auth.login': { path: '/api/auth/token/', fields: { username: 'phone_number' }, accessPath: 'access', refreshPath: 'refresh' },
        'auth.refresh': { path: '/api/auth/token/refresh/' },
      });
    },
    off: async (s) => {
      const { username, password } = s.target.users.owner!.credentials!;
      expect((await api(s, 'POST', '/api/auth/token/', { body: { phone_number: username, password } })).status).toBe(404);
      expect(s.target.endpoints).toBeUndefined();
    },
  },
  'close-after-error': {
    on: async (s) => expect((await (await errorThenOpen(s)).closed).code).toBe(4000),
    off: async (s) => {
      const ws = await errorThenOpen(s);
      ws.send({ message: 'still open' });
      await ws.waitFor((f) => isMessage(f) && f.message === 'still open');
      ws.close();
    },
  },
  'no-length-limit': {
    on: async (s) => expect((await send(s, 'x'.repeat(5000))).owner.message).toHaveLength(5000),
    off: async (s) => {
      const ws = await open(s, fixtureRoom(s), `?visitor=${fixtureVisitor(s)}`);
      ws.send({ message: 'x'.repeat(5000) });
      expect((await ws.waitFor(isError))[0].error).toBe('Message too long');
      ws.close();
    },
  },
  'html-escaped': {
    on: async (s) => expect((await send(s, '<b>"hi"</b>')).owner.message).toBe('&lt;b&gt;&quot;hi&quot;&lt;/b&gt;'),
    off: async (s) => expect((await send(s, '<b>"hi"</b>')).owner.message).toBe('<b>"hi"</b>'),
  },
  'rooms-by-created': {
    // A message moves the fixture room (the oldest) to the top by updated_at; by created_at it stays last.
    on: async (s) => {
      await send(s, 'bump');
      const ids = (await api(s, 'GET', '/api/chat/rooms/', { token: (await login(s)).access })).json.map((r: any) => r.id);
      expect(ids.at(-1)).toBe(fixtureRoom(s));
    },
    off: async (s) => {
      await send(s, 'bump');
      const ids = (await api(s, 'GET', '/api/chat/rooms/', { token: (await login(s)).access })).json.map((r: any) => r.id);
      expect(ids[0]).toBe(fixtureRoom(s));
    },
  },
  'foreign-room-403': {
    on: async (s) => {
      const token = (await login(s, 'other_owner')).access;
      expect((await api(s, 'GET', `/api/chat/rooms/${fixtureRoom(s)}/messages/`, { token })).status).toBe(403);
      expect((await api(s, 'GET', `/api/chat/rooms/${UNKNOWN}/messages/`, { token })).status).toBe(404);
    },
    off: async (s) => {
      const token = (await login(s, 'other_owner')).access;
      expect((await api(s, 'GET', `/api/chat/rooms/${fixtureRoom(s)}/messages/`, { token })).status).toBe(404);
    },
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

describe('carinfopro variants', () => {
  it.each(Object.keys(CASES) as CarinfoproVariant[])('%s: on the wire with the variant, absent without it', async (name) => {
    const h = await start({ variants: [name] });
    try {
      // A second room, started now, so the room order has something to order.
      expect((await start201(h.server, { user_id: ownerId(h.server) })).status).toBeLessThan(300);
      await CASES[name].on(h.server);
      expect(h.capture.events('schema-violation')).toEqual([]);
    } finally {
      await h.server.close();
    }
    expect((await start201(plain.server, { user_id: ownerId(plain.server) })).status).toBe(201);
    await CASES[name].off(plain.server);
  });
});

describe('a variant does not hide a fault', () => {
  faultTest('reorder-broadcast still reorders without the echo; a fault close code wins over the own-close-codes', ['reorder-broadcast', 'ws-unknown-room-wrong-code'], async ({ server: s }) => {
    const { access } = await login(s);
    const visitor = await open(s, fixtureRoom(s), `?visitor=${fixtureVisitor(s)}`);
    const owner = await open(s, fixtureRoom(s), `?token=${access}`);
    for (const m of ['1', '2', '3']) visitor.send({ message: m });
    expect((await owner.waitFor(isMessage, 3)).map((f) => f.message)).toEqual(['1', '3', '2']);
    expect((await within(socket(s, UNKNOWN, `?token=${access}`).closed, 5000, 'the close')).code).toBe(4004);
    expect((await within(socket(s, 'abc', `?token=${access}`).closed, 5000, 'the close')).code).toBe(4400);
    visitor.close();
    owner.close();
  }, { profile: 'carinfopro', variants: ['no-echo', 'own-close-codes'] });
});
