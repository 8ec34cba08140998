// Fixture data (D-carinfopro-13): two owners, and one room a visitor started for `owner` with a few
// messages of history. `other_owner` has a room of their own, so that an unfiltered room list or an
// unchecked history is visible. Passwords are dev fixtures (banner and target file only, never logged);
// visitor tokens are random per server start (D-carinfopro-02).
import { randomUUID } from 'node:crypto';
import { rememberSecret } from '../log.ts';
import type { RoomRecord, Store } from '../store.ts';

export interface FixtureOwner {
  role: 'owner' | 'other_owner';
  id: string;
  username: string;
  password: string;
  fullName: string;
}

export const FIXTURE_OWNERS: readonly FixtureOwner[] = [
  { role: 'owner', id: '3b241101-e2bb-4255-8caf-4136c566a962', username: 'owner', password: 'owner-pass', fullName: 'Aziz Karimov' },
  { role: 'other_owner', id: '9d4a8a3c-5b1e-4f0e-9a57-2f6c1d7e8b90', username: 'other_owner', password: 'other-owner-pass', fullName: 'Dilshod Rahimov' },
];

export const FIXTURE_ROOM = '5f0c7a52-8d2e-4c1b-9f3a-6e4d2b1a0c01';
const OTHER_ROOM = '5f0c7a52-8d2e-4c1b-9f3a-6e4d2b1a0c02';

/** The kind of room key a visitor token is (RoomRecord.keys). */
export const VISITOR = 'visitor';

/** A room's visitor token. */
export const visitorTokenOf = (room: RoomRecord): string | undefined => room.keys?.[VISITOR];

/** The member id a room's visitor stands under (a visitor is no user; the id never leaves the server). */
export const visitorMember = (roomId: string | number) => `visitor:${roomId}`;

export function newRoom(id: string, ownerId: string, visitorToken: string, visitorName: string, at = Date.now()): RoomRecord {
  // Every visitor token is issued here: from now on the logs redact it by value (log.ts).
  rememberSecret(visitorToken);
  return {
    id,
    title: '',
    status: 'active',
    isActive: true,
    createdAt: at,
    updatedAt: at,
    lastMessageAt: null,
    members: [{ userId: ownerId, role: 'owner' }, { userId: visitorMember(id), role: 'visitor' }],
    keys: { [VISITOR]: visitorToken },
    labels: { visitorName },
  };
}

const LINES: [string, 'visitor' | 'owner'][] = [
  ['Salom', 'visitor'],
  ['Salom! Mashinangiz yo\u2018lni to\u2018sib qo\u2018ygan.', 'visitor'],
  ['Uzr, hozir chiqaman.', 'owner'],
  ['Rahmat!', 'visitor'],
];

/** Seeds the store; returns the fixture room's visitor token. */
export async function seed(store: Store): Promise<{ visitorToken: string }> {
  const [owner, other] = FIXTURE_OWNERS as [FixtureOwner, FixtureOwner];
  for (const o of FIXTURE_OWNERS) {
    await store.putUser({ id: o.id, role: 'owner', fullName: o.fullName, login: o.username, password: o.password });
  }
  const start = Date.now() - 60 * 60_000;
  const visitorToken = randomUUID();
  await store.putRoom(newRoom(FIXTURE_ROOM, owner.id, visitorToken, 'Mehmon', start));
  for (const [i, [content, who]] of LINES.entries()) {
    await store.addMessage({
      id: randomUUID(),
      roomId: FIXTURE_ROOM,
      senderId: who === 'owner' ? owner.id : visitorMember(FIXTURE_ROOM),
      type: 'text',
      content,
      createdAt: start + (i + 1) * 60_000,
      readByRecipient: true,
      attachments: [],
    });
  }
  await store.putRoom(newRoom(OTHER_ROOM, other.id, randomUUID(), '', start));
  return { visitorToken };
}
