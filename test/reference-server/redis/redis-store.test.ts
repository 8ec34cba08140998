// What the Store contract (store.test.ts) cannot show with one instance: two RedisStores on two connections
// (two processes' worth) sharing one namespace, namespaces that never mix, and a run's keys removed at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore, deleteNamespace } from '../../../reference-server/redis-store.ts';
import type { MessageRecord } from '../../../reference-server/store.ts';
import { startRedis, type TestRedis } from '../../support/redis.ts';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

const room = { title: 't', status: 'new', isActive: true, createdAt: 0, updatedAt: 0, lastMessageAt: null, members: [{ userId: 1, role: 'patient' }, { userId: 2, role: 'operator' }] };
const msg = (id: number, senderId: number): MessageRecord => ({ id, roomId: 1, senderId, type: 'text', content: `m${id}`, createdAt: id, readByRecipient: false, attachments: [] });

describe('RedisStore across connections', () => {
  it('two stores on one namespace allocate distinct ids and page history in id order, however writes interleave', async () => {
    const namespace = redis.namespace('store');
    const [a, b] = [new RedisStore({ redis: redis.client(), namespace }), new RedisStore({ redis: redis.client(), namespace })];
    await a.putRoom({ ...room, id: 1 });
    const ids = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).nextId('message')));
    expect(new Set(ids).size).toBe(50);
    // Appended in reverse id order, as two processes racing between INCR and the write could.
    await Promise.all([...ids].sort((x, y) => y - x).map((id, i) => (i % 2 ? a : b).addMessage(msg(id, id % 2 ? 1 : 2))));
    const sorted = [...ids].sort((x, y) => x - y);
    expect((await b.listMessages(1, 0, 20)).map((m) => m.id)).toEqual(sorted.slice(0, 20));
    expect((await a.listMessages(1, 40, 20)).map((m) => m.id)).toEqual(sorted.slice(40));
    expect(await a.countMessages(1)).toBe(50);
    expect((await b.getRoom(1))?.lastMessageAt).not.toBeNull();
    const unreadFor1 = ids.filter((id) => id % 2 === 0).length;
    expect(await b.countUnread(1, 1)).toBe(unreadFor1);
    expect(await a.markRead(1, 1)).toBe(unreadFor1);
    expect(await b.countUnread(1, 1)).toBe(0);
    expect((await b.listMessages(1, 0, 50)).filter((m) => m.readByRecipient).map((m) => m.senderId)).toEqual(
      sorted.filter((id) => id % 2 === 0).map(() => 2),
    );
    await deleteNamespace(redis.client(), namespace);
  });

  it('keeps every key under its namespace; another namespace sees nothing; deleteNamespace removes them all', async () => {
    const client = redis.client();
    const [ns1, ns2] = [redis.namespace('a'), redis.namespace('b')];
    const s1 = new RedisStore({ redis: client, namespace: ns1 });
    const s2 = new RedisStore({ redis: client, namespace: ns2 });
    await s1.putUser({ id: 7, role: 'patient', fullName: 'P', login: '+7' });
    await s1.putRoom({ ...room, id: 1, keys: { visitor: 'vt' } });
    await s1.addMessage(msg(1, 1));
    expect(await s2.findUserByLogin('+7')).toBeUndefined();
    expect(await s2.listRooms()).toEqual([]);
    expect(await s2.findRoomByKey('visitor', 'vt')).toBeUndefined();
    expect(await s2.nextId('user')).toBe(1);
    const keys = await client.keys(`${ns1}:*`);
    expect(keys.length).toBeGreaterThan(5);
    expect(await deleteNamespace(client, ns1)).toBe(keys.length);
    expect(await client.keys(`${ns1}:*`)).toEqual([]);
    expect((await client.keys(`${ns2}:*`)).length).toBeGreaterThan(0);
    await deleteNamespace(client, ns2);
  });
});
