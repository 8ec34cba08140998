// Document 003's REST endpoints on the reference server: start, the owner's room list, history for the
// owner and the visitor, login; every body validated against its carinfopro schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type Harness } from '../probe.ts';
import { fixtureRoom, fixtureVisitor, login, open, ownerId, start, startRoom, isMessage } from './probe.ts';

let h: Harness;
let access: string;
let otherAccess: string;
beforeAll(async () => {
  h = await start();
  [{ access }, { access: otherAccess }] = await Promise.all([login(h.server), login(h.server, 'other_owner')]);
});
afterAll(() => h.server.close());

describe('POST /api/chat/start/ (D-carinfopro-03)', () => {
  it('is public, creates a new room per call, and ignores an Authorization header', async () => {
    const a = await startRoom(h.server, { visitor_name: 'Ali' });
    expect(a.ws_path).toBe(`/ws/chat/${a.room_id}/`);
    const b = await api(h.server, 'POST', '/api/chat/start/', { body: { user_id: ownerId(h.server) }, token: 'garbage', schema: 'carinfopro/chat-start-response' });
    expect(b.status).toBe(201);
    expect(b.json.room_id).not.toBe(a.room_id);
    expect(b.json.visitor_token).not.toBe(a.visitor_token);
    expect(b.json.visitor_token).not.toBe(b.json.room_id);
  });

  it('refuses a missing, malformed or unknown user_id and a bad visitor_name with DRF field errors', async () => {
    const cases: [unknown, string][] = [
      [{}, 'user_id'],
      [{ user_id: 'abc' }, 'user_id'],
      [{ user_id: '00000000-0000-4000-8000-000000000000' }, 'user_id'],
      [{ user_id: ownerId(h.server), visitor_name: 'x'.repeat(101) }, 'visitor_name'],
      [{ user_id: ownerId(h.server), visitor_name: 5 }, 'visitor_name'],
    ];
    for (const [body, field] of cases) {
      const res = await api(h.server, 'POST', '/api/chat/start/', { body, schema: 'carinfopro/error-validation' });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(res.json)).toEqual([field]);
    }
    expect((await api(h.server, 'POST', '/api/chat/start/', { body: '[1]', schema: 'carinfopro/error-validation' })).status).toBe(400);
  });
});

describe('GET /api/chat/rooms/ (D-carinfopro-04)', () => {
  it("lists the caller's rooms only, as a plain array, latest activity first, without visitor tokens", async () => {
    const older = await startRoom(h.server, { visitor_name: 'older' });
    const newer = await startRoom(h.server, { visitor_name: 'newer' });
    const list = await api(h.server, 'GET', '/api/chat/rooms/', { token: access, schema: 'carinfopro/room-list-response' });
    expect(list.status).toBe(200);
    const ids = list.json.map((r: any) => r.id);
    expect(ids.indexOf(newer.room_id)).toBeLessThan(ids.indexOf(older.room_id));
    expect(ids).toContain(fixtureRoom(h.server));
    expect(list.json.every((r: any) => r.owner_id === ownerId(h.server))).toBe(true);
    expect(list.text).not.toContain(older.visitor_token);
    expect(list.json.find((r: any) => r.id === older.room_id).visitor_name).toBe('older');

    const visitor = await open(h.server, older.room_id, `?visitor=${older.visitor_token}`);
    visitor.send({ message: 'bump' });
    await visitor.waitFor(isMessage);
    visitor.close();
    const after = await api(h.server, 'GET', '/api/chat/rooms/', { token: access, schema: 'carinfopro/room-list-response' });
    expect(after.json[0].id).toBe(older.room_id);
    expect(Date.parse(after.json[0].updated_at)).toBeGreaterThan(Date.parse(after.json[0].created_at));

    const other = await api(h.server, 'GET', '/api/chat/rooms/', { token: otherAccess, schema: 'carinfopro/room-list-response' });
    expect(other.json.map((r: any) => r.id)).not.toContain(fixtureRoom(h.server));
    expect(other.json).toHaveLength(1);
  });

  it('answers 401 {"detail"} without a JWT, with a visitor token, or with a refresh token', async () => {
    const { refresh } = await login(h.server);
    for (const opts of [{}, { token: fixtureVisitor(h.server) }, { token: refresh }]) {
      const res = await api(h.server, 'GET', '/api/chat/rooms/', { ...opts, schema: 'carinfopro/error-detail' });
      expect(res.status).toBe(401);
    }
    const q = await api(h.server, 'GET', `/api/chat/rooms/?visitor=${fixtureVisitor(h.server)}`, { schema: 'carinfopro/error-detail' });
    expect(q.status).toBe(401);
  });
});

describe('GET /api/chat/rooms/{id}/messages/ (D-carinfopro-05)', () => {
  const path = (room: string, q = '') => `/api/chat/rooms/${room}/messages/${q}`;

  it('serves the owner (JWT) and the visitor (?visitor=) the same plain array, oldest first, with content', async () => {
    const room = fixtureRoom(h.server);
    const owner = await api(h.server, 'GET', path(room), { token: access, schema: 'carinfopro/message-list-response' });
    const visitor = await api(h.server, 'GET', path(room, `?visitor=${fixtureVisitor(h.server)}`), { schema: 'carinfopro/message-list-response' });
    expect(owner.status).toBe(200);
    expect(visitor.json).toEqual(owner.json);
    expect(owner.json.map((m: any) => m.content)).toEqual(['Salom', expect.any(String), 'Uzr, hozir chiqaman.', 'Rahmat!']);
    expect(owner.json.map((m: any) => m.sender_type)).toEqual(['visitor', 'visitor', 'owner', 'visitor']);
    const times = owner.json.map((m: any) => Date.parse(m.created_at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(owner.text).not.toContain(fixtureVisitor(h.server));
  });

  it('401 without a credential or with an unknown visitor token; 404 for a room that is not the caller\'s', async () => {
    const room = fixtureRoom(h.server);
    const other = await startRoom(h.server);
    const cases: [string, { token?: string }, number][] = [
      [path(room), {}, 401],
      [path(room, '?visitor=00000000-0000-4000-8000-000000000000'), {}, 401],
      [path(room), { token: 'garbage' }, 401],
      [path(room, `?visitor=${other.visitor_token}`), {}, 404],
      [path(room), { token: otherAccess }, 404],
      [path('00000000-0000-4000-8000-000000000000'), { token: access }, 404],
      [path('abc'), { token: access }, 404],
      // With both, the JWT decides (D-carinfopro-05).
      [path(room, `?visitor=${fixtureVisitor(h.server)}`), { token: otherAccess }, 404],
    ];
    for (const [p, opts, status] of cases) {
      const res = await api(h.server, 'GET', p, { ...opts, schema: 'carinfopro/error-detail' });
      expect(res.status, p).toBe(status);
    }
  });
});

describe('SimpleJWT login (D-carinfopro-01)', () => {
  it('issues pairs for the right password only, refreshes, and refuses missing fields with 400', async () => {
    const wrong = await api(h.server, 'POST', '/api/token/', { body: { username: 'owner', password: 'nope' }, schema: 'carinfopro/error-detail' });
    expect(wrong.status).toBe(401);
    expect(wrong.json.detail).toBe('No active account found with the given credentials');
    const missing = await api(h.server, 'POST', '/api/token/', { body: { username: 'owner' }, schema: 'carinfopro/error-validation' });
    expect(missing.json).toEqual({ password: ['This field is required.'] });
    const { refresh } = await login(h.server);
    const res = await api(h.server, 'POST', '/api/token/refresh/', { body: { refresh }, schema: 'carinfopro/token-refresh-response' });
    expect(res.status).toBe(200);
    expect((await api(h.server, 'GET', '/api/chat/rooms/', { token: res.json.access })).status).toBe(200);
  });
});
