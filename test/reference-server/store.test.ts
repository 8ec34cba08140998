// The Store contract, written once so a Redis-backed store can run the same cases later.
import { describe, expect, it } from 'vitest';
import { MemoryStore, type Store } from '../../reference-server/store.ts';
import { LocalBus } from '../../reference-server/bus.ts';

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
  });
}

storeContract('MemoryStore', async () => new MemoryStore());

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
