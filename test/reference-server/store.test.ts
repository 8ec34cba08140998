// The Store contract, written once and run over every store: the embedded MemoryStore and the RedisStore
// (against a real redis-server, one fresh namespace per case).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore, type Store } from '../../reference-server/store.ts';
import { LocalBus } from '../../reference-server/bus.ts';
import { RedisStore, deleteNamespace } from '../../reference-server/redis-store.ts';
import { startRedis, type TestRedis } from '../support/redis.ts';

function storeContract(name: string, make: () => Promise<Store>) {
  describe(`${name} (Store contract)`, () => {
    it('allocates growing ids per kind, above seeded ones', async () => {
      const s = await make();
      await s.putUser({ id: 10, role: 'patient', fullName: 'A', login: '+1' });
      expect(await s.nextId('user')).toBe(11);
      expect(await s.nextId('message')).toBe(1);
      expect(await s.nextId('message')).toBe(2);
      expect((await s.findUserByLogin('+1'))?.id).toBe(10);
    });

    it('keeps messages in order, pages them, counts and marks unread per reader', async () => {
      const s = await make();
      await s.putRoom({ id: 1, title: 't', status: 'new', isActive: true, createdAt: 0, updatedAt: 0, lastMessageAt: null, members: [{ userId: 1, role: 'patient' }, { userId: 2, role: 'operator' }] });
      for (let i = 1; i <= 5; i++) {
        await s.addMessage({ id: i, roomId: 1, senderId: i % 2 ? 1 : 2, type: 'text', content: `m${i}`, createdAt: i, readByRecipient: false, attachments: [] });
      }
      expect(await s.countMessages(1)).toBe(5);
      expect((await s.listMessages(1, 3, 10)).map((m) => m.id)).toEqual([4, 5]);
      expect((await s.getRoom(1))?.lastMessageAt).toBe(5);
      expect(await s.countUnread(1, 1)).toBe(2);
      expect(await s.countUnread(1, 1, 2)).toBe(1);
      expect(await s.markRead(1, 1)).toBe(2);
      expect(await s.countUnread(1, 1)).toBe(0);
      expect(await s.countUnread(1, 2)).toBe(3);
      expect((await s.listRooms(2)).map((r) => r.id)).toEqual([1]);
      expect(await s.listRooms(3)).toEqual([]);
      expect((await s.updateRoom(1, { status: 'closed' }))?.status).toBe('closed');
    });

    it('keeps string ids as strings, in append order, and finds a room by its visitor token', async () => {
      const s = await make();
      const room = 'b5f0c3a2-0000-4000-8000-000000000001';
      await s.putUser({ id: 'owner-uuid', role: 'owner', fullName: 'O' });
      await s.putRoom({ id: room, title: '', status: 'open', isActive: true, createdAt: 1, updatedAt: 1, lastMessageAt: null, members: [{ userId: 'owner-uuid', role: 'owner' }], keys: { visitor: 'vt-1', handle: 'h-1' }, labels: { visitorName: 'Guest' } });
      for (const id of ['m-z', 'm-a', 'm-k']) {
        await s.addMessage({ id, roomId: room, senderId: 'visitor', type: 'text', content: id, createdAt: 2, readByRecipient: false, attachments: [] });
      }
      expect((await s.listMessages(room, 0, 10)).map((m) => m.id)).toEqual(['m-z', 'm-a', 'm-k']);
      expect((await s.getUser('owner-uuid'))?.id).toBe('owner-uuid');
      const found = await s.findRoomByKey('visitor', 'vt-1');
      expect(found).toMatchObject({ id: room, labels: { visitorName: 'Guest' }, lastMessageAt: 2, members: [{ userId: 'owner-uuid', role: 'owner' }] });
      expect(await s.findRoomByKey('visitor', 'vt-2')).toBeUndefined();
      expect(await s.findRoomByKey('handle', 'vt-1')).toBeUndefined();
      expect(await s.findRoomByKey('handle', 'h-1')).toMatchObject({ id: room });
      expect((await s.listRooms('owner-uuid')).map((r) => r.id)).toEqual([room]);
      expect(await s.countUnread(room, 'owner-uuid')).toBe(3);
      expect(await s.countUnread(room, 'visitor')).toBe(0);
    });

    it('returns copies, lists rooms in creation order, and reindexes members on update', async () => {
      const s = await make();
      const base = { title: 't', status: 'new', isActive: true, createdAt: 0, updatedAt: 0, lastMessageAt: null };
      await s.putRoom({ ...base, id: 5, members: [{ userId: 1, role: 'patient' }] });
      await s.putRoom({ ...base, id: 3, members: [{ userId: 1, role: 'patient' }] });
      expect(await s.nextId('room')).toBe(6);
      expect((await s.listRooms()).map((r) => r.id)).toEqual([5, 3]);
      expect(await s.getRoom(4)).toBeUndefined();
      expect(await s.updateRoom(4, { status: 'closed' })).toBeUndefined();
      const updated = await s.updateRoom(3, { members: [{ userId: 1, role: 'patient' }, { userId: 2, role: 'operator' }] });
      expect(updated?.members).toHaveLength(2);
      expect(updated!.updatedAt).toBeGreaterThan(0);
      expect((await s.listRooms(2)).map((r) => r.id)).toEqual([3]);
      await s.updateRoom(3, { members: [{ userId: 2, role: 'operator' }] });
      expect((await s.listRooms(1)).map((r) => r.id)).toEqual([5]);
      const copy = (await s.getRoom(5))!;
      copy.title = 'changed';
      expect((await s.getRoom(5))?.title).toBe('t');
      expect(await s.listMessages(5, 0, 20)).toEqual([]);
      expect(await s.countMessages(5)).toBe(0);
      await expect(s.addMessage({ id: 1, roomId: 99, senderId: 1, type: 'text', content: 'x', createdAt: 1, readByRecipient: false, attachments: [] })).rejects.toThrow(/no room 99/);
    });
  });
}

storeContract('MemoryStore', async () => new MemoryStore());

describe('against redis-server', () => {
  let redis: TestRedis;
  const namespaces: string[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    const client = redis?.client();
    for (const ns of namespaces) await deleteNamespace(client, ns);
    await redis?.stop();
  });
  storeContract('RedisStore', async () => {
    const namespace = redis.namespace('store');
    namespaces.push(namespace);
    return new RedisStore({ redis: redis.client(), namespace });
  });
});

describe('LocalBus', () => {
  it('delivers to subscribers of the room until they unsubscribe', async () => {
    const bus = new LocalBus();
    const got: unknown[] = [];
    const off = bus.subscribe('1', (m) => got.push(m));
    bus.subscribe('2', () => got.push('wrong room'));
    await bus.publish('1', 'a');
    await bus.publish('1', 'b', 'c7');
    off();
    await bus.publish('1', 'c');
    expect(got).toEqual([{ frame: 'a' }, { frame: 'b', exclude: 'c7' }]);
  });
});
