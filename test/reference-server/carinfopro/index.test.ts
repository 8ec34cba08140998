// startServer({profile: 'carinfopro'}): the target file, the fault table, log hygiene (no JWT, password or
// visitor token, the ?visitor= query included), graceful close, and a sample of fault switches.
import { afterEach, describe, expect, it } from 'vitest';
import { validate } from '../../../core/schemas.ts';
import { FAULTS, startServer } from '../../../reference-server/index.ts';
import { faultTest } from '../fault-proof.ts';
import { api, connect, within, type Harness } from '../probe.ts';
import { fixtureRoom, fixtureVisitor, isMessage, login, open, ownerId, socket, start, startRoom } from './probe.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.server.close();
  h = undefined;
});

describe('startServer carinfopro', () => {
  it('describes itself with a valid target file: owners with UUIDs, the visitor\'s token, the fixture room', async () => {
    h = await start();
    const t = h.server.target;
    expect(validate('meta/target', t).errors).toEqual([]);
    expect(t).toMatchObject({
      profile: 'carinfopro',
      users: {
        owner: { id: '3b241101-e2bb-4255-8caf-4136c566a962', credentials: { username: 'owner', password: 'owner-pass' } },
        other_owner: { id: '9d4a8a3c-5b1e-4f0e-9a57-2f6c1d7e8b90', credentials: { username: 'other_owner' } },
        visitor: { token: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      },
      fixtures: { room: '5f0c7a52-8d2e-4c1b-9f3a-6e4d2b1a0c01' },
    });
    expect(t.users.owner!.expiredToken).toMatch(/^eyJ/);
    // The visitor token is random per start (D-carinfopro-02).
    const second = await startServer({ profile: 'carinfopro', logger: false });
    expect(second.target.users.visitor!.token).not.toBe(t.users.visitor!.token);
    await second.close();
  });

  it('accepts every fault name of its table (each naming a carinfopro check) and refuses an unknown one', async () => {
    const names = FAULTS.carinfopro!.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const f of FAULTS.carinfopro!) expect(f.check).toMatch(/^carinfopro-[a-z]+-\d\d$/);
    const server = await startServer({ profile: 'carinfopro', logger: false, faults: names });
    await server.close();
    await expect(startServer({ profile: 'carinfopro', logger: false, faults: ['no-html-escape'] })).rejects.toThrow(/no-html-escape.*valid names: start-requires-auth/);
  });

  it('never writes a JWT, a password or a visitor token to the log', async () => {
    h = await start();
    const { server, capture } = h;
    const { access, refresh } = await login(server);
    const room = await startRoom(server);
    const secrets = [access, refresh, room.visitor_token, fixtureVisitor(server), server.target.users.owner!.expiredToken!, 'owner-pass', 'wrong-secret-pw'];
    await api(server, 'POST', '/api/token/', { body: { username: 'owner', password: 'wrong-secret-pw' } });
    await api(server, 'GET', `/api/chat/rooms/${room.room_id}/messages/?visitor=${room.visitor_token}`);
    await api(server, 'GET', `/api/chat/rooms/${room.room_id}/messages/?visitor=${fixtureVisitor(server)}`);
    await api(server, 'GET', '/api/chat/rooms/', { token: room.visitor_token });
    const v = await open(server, room.room_id, `?visitor=${room.visitor_token}`);
    v.send({ message: 'hi' });
    await v.waitFor(isMessage);
    v.close();
    for (const q of [`?token=${access}`, `?token=${refresh}`, `?visitor=${fixtureVisitor(server)}`]) {
      const c = socket(server, room.room_id, q);
      await c.opened;
      c.close();
      await c.closed;
    }
    await server.close();
    const text = capture.text();
    expect(capture.events('ws-open').length).toBeGreaterThan(0);
    expect(text).toContain('visitor=[redacted]');
    for (const s of secrets) expect(text).not.toContain(s);
    expect(text).not.toMatch(/eyJ[\w-]+\./);
    // Self-check was on: every response and frame of this session matched its carinfopro schema.
    expect(capture.events('schema-violation')).toEqual([]);
  });

  it('closes gracefully: open sockets get 1001', async () => {
    h = await start();
    const v = await open(h.server, fixtureRoom(h.server), `?visitor=${fixtureVisitor(h.server)}`);
    await h.server.close();
    expect((await v.closed).code).toBe(1001);
  });
});

describe('fault switches (a sample; the suite proves the whole table; each fails with its fault off)', () => {
  const opts = { profile: 'carinfopro' } as const;

  faultTest('visitor-token-any-room lets a visitor token into another room', ['visitor-token-any-room'], async ({ server }) => {
    const other = await startRoom(server);
    const c = await open(server, other.room_id, `?visitor=${fixtureVisitor(server)}`);
    c.close();
  }, opts);

  faultTest('room-list-leaks-visitor-token, history-content-as-message and broadcast-content-key change the shapes', ['room-list-leaks-visitor-token', 'history-content-as-message', 'broadcast-content-key'], async ({ server }) => {
    const { access } = await login(server);
    const room = await startRoom(server);
    const list = await api(server, 'GET', '/api/chat/rooms/', { token: access });
    expect(list.text).toContain(room.visitor_token);
    const v = connect(server, `/ws/chat/${room.room_id}/?visitor=${room.visitor_token}`, { validateFrames: false });
    expect(await v.admission()).toBe('admitted');
    v.send({ message: 'x' });
    const [frame] = await v.waitFor((f) => typeof f.id === 'string');
    expect(frame).toHaveProperty('content', 'x');
    expect(frame).not.toHaveProperty('message');
    const hist = await api(server, 'GET', `/api/chat/rooms/${room.room_id}/messages/`, { token: access });
    expect(hist.json[0]).toHaveProperty('message', 'x');
    v.close();
  }, opts);

  faultTest('ws-forbidden-wrong-code and ws-malformed-id-wrong-code send 4001 and 4500', ['ws-forbidden-wrong-code', 'ws-malformed-id-wrong-code'], async ({ server }) => {
    const { access } = await login(server, 'other_owner');
    expect((await within(socket(server, fixtureRoom(server), `?token=${access}`).closed, 5000, 'the close')).code).toBe(4001);
    expect((await within(socket(server, 'abc', `?token=${access}`).closed, 5000, 'the close')).code).toBe(4500);
    expect(ownerId(server)).toMatch(/^[0-9a-f-]{36}$/);
  }, opts);
});
