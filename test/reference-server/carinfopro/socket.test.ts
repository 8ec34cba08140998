// Document 003 §WebSocket on the reference server: who may join (D-carinfopro-07 close codes), what a
// message frame does (D-carinfopro-08/09), and the frame-size bound.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, quiet, type Harness } from '../probe.ts';
import { fixtureRoom, fixtureVisitor, isError, isMessage, login, open, socket, start, startRoom } from './probe.ts';

let h: Harness;
let access: string;
let refresh: string;
let otherAccess: string;
beforeAll(async () => {
  h = await start();
  [{ access, refresh }, { access: otherAccess }] = await Promise.all([login(h.server), login(h.server, 'other_owner')]);
});
afterAll(() => h.server.close());

describe('admission (D-carinfopro-07)', () => {
  it('accepts the room\'s visitor token and its owner\'s JWT (open after a ping/pong), and not a garbage one', async () => {
    const v = await open(h.server, fixtureRoom(h.server), `?visitor=${fixtureVisitor(h.server)}`);
    const o = await open(h.server, fixtureRoom(h.server), `?token=${access}`);
    v.close();
    o.close();
    // The same round trip says no to what the server refuses: the 101 alone would have said yes.
    for (const query of ['?visitor=00000000-0000-4000-8000-000000000000', '?token=garbage']) {
      expect(await socket(h.server, fixtureRoom(h.server), query).admission(), query).toBe('closed 4001');
    }
  });

  it('accepts the upgrade, then closes with 4000, 4001 or 4003 before any frame', async () => {
    const room = fixtureRoom(h.server);
    const other = await startRoom(h.server);
    const expired = h.server.target.users.owner!.expiredToken!;
    const cases: [string, string, number][] = [
      [room, '', 4001],
      [room, '?token=garbage', 4001],
      [room, `?token=${refresh}`, 4001],
      [room, `?token=${expired}`, 4001],
      [room, '?visitor=00000000-0000-4000-8000-000000000000', 4001],
      [room, '?visitor=not-a-uuid', 4001],
      [room, `?token=${otherAccess}`, 4003],
      [room, `?visitor=${other.visitor_token}`, 4003],
      ['00000000-0000-4000-8000-000000000000', `?token=${access}`, 4003],
      ['00000000-0000-4000-8000-000000000000', `?visitor=${fixtureVisitor(h.server)}`, 4003],
      ['abc', `?token=${access}`, 4000],
      // With both, the token decides (D-carinfopro-07).
      [room, `?token=${otherAccess}&visitor=${fixtureVisitor(h.server)}`, 4003],
    ];
    for (const [id, query, code] of cases) {
      const c = socket(h.server, id, query);
      expect(await c.opened, `${id}${query}`).toBe(true);
      expect((await c.closed).code, `${id}${query}`).toBe(code);
      expect(c.frames).toEqual([]);
    }
  });
});

describe('messages (D-carinfopro-08/09)', () => {
  it('broadcasts {id, room_id, sender_type, message, created_at} to both sides, sender included, and stores it with content', async () => {
    const room = await startRoom(h.server);
    const v = await open(h.server, room.room_id, `?visitor=${room.visitor_token}`);
    const o = await open(h.server, room.room_id, `?token=${access}`);
    v.send({ message: '  Salom <b>&</b>  ', extra: 'ignored' });
    const [fromVisitor] = await o.waitFor(isMessage);
    expect(fromVisitor).toMatchObject({ room_id: room.room_id, sender_type: 'visitor', message: '  Salom <b>&</b>  ' });
    expect((await v.waitFor(isMessage))[0]).toEqual(fromVisitor);
    o.send({ message: 'Uzr' });
    const [fromOwner] = await v.waitFor((f) => isMessage(f) && f.message === 'Uzr');
    expect(fromOwner.sender_type).toBe('owner');
    const history = await api(h.server, 'GET', `/api/chat/rooms/${room.room_id}/messages/`, { token: access, schema: 'carinfopro/message-list-response' });
    expect(history.json.map((m: any) => [m.id, m.sender_type, m.content])).toEqual([
      [fromVisitor.id, 'visitor', '  Salom <b>&</b>  '],
      [fromOwner.id, 'owner', 'Uzr'],
    ]);
    expect(JSON.stringify([...v.frames, ...o.frames])).not.toContain(room.visitor_token);
    v.close();
    o.close();
  });

  it('answers bad frames with {"error"} and keeps the socket open, storing nothing', async () => {
    const room = await startRoom(h.server);
    const v = await open(h.server, room.room_id, `?visitor=${room.visitor_token}`);
    const bad: [unknown, string][] = [
      ['not json', 'Invalid message format'],
      [[1, 2], 'Invalid message format'],
      [{ message: 5 }, 'Invalid message format'],
      [{ text: 'x' }, 'Invalid message format'],
      [{ message: ' \n ' }, 'Message cannot be empty'],
      [{ message: 'x'.repeat(4001) }, 'Message too long'],
    ];
    for (const [frame] of bad) v.send(frame);
    v.ws.send(Buffer.from('{}'), { binary: true });
    const errors = await v.waitFor(isError, bad.length + 1);
    expect(errors.map((e) => e.error)).toEqual([...bad.map(([, e]) => e), 'Invalid message format']);
    v.send({ message: 'x'.repeat(4000) });
    await v.waitFor(isMessage);
    const history = await api(h.server, 'GET', `/api/chat/rooms/${room.room_id}/messages/?visitor=${room.visitor_token}`);
    expect(history.json).toHaveLength(1);
    v.close();
  });

  it('keeps rooms apart and closes a frame over 64 KiB with 1009', async () => {
    const [a, b] = await Promise.all([startRoom(h.server), startRoom(h.server)]);
    const va = await open(h.server, a.room_id, `?visitor=${a.visitor_token}`);
    const vb = await open(h.server, b.room_id, `?visitor=${b.visitor_token}`);
    va.send({ message: 'only in a' });
    await va.waitFor(isMessage);
    await quiet();
    expect(vb.frames).toEqual([]);
    vb.send('x'.repeat(65 * 1024));
    expect((await vb.closed).code).toBe(1009);
    va.close();
  });
});
