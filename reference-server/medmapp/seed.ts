// Fixture data: three users (D-medmapp-15) and one in-progress conversation with 45 messages of history,
// so that history has three pages of 20 (D-medmapp-09). Passwords are dev fixtures, printed on the
// console banner and written to the target file, never logged.
import type { Store, UserRecord } from '../store.ts';

export interface FixtureUser {
  role: 'patient' | 'operator' | 'outsider';
  id: number;
  phone: string;
  password: string;
  fullName: string;
}

// Ids as in document 000's examples (patient 10, operator 2).
export const FIXTURE_USERS: readonly FixtureUser[] = [
  { role: 'patient', id: 10, phone: '+998901234567', password: 'patient-pass', fullName: 'Ali Valiyev' },
  { role: 'operator', id: 2, phone: '+998901111111', password: 'operator-pass', fullName: 'Dr. Komil' },
  { role: 'outsider', id: 12, phone: '+998902222222', password: 'outsider-pass', fullName: 'Vali Aliyev' },
];

export const FIXTURE_CONVERSATION = 1;
export const SEED_MESSAGES = 45;
/** The last messages of the seed are unread by their recipient: 3 for the patient, as in §2.1's example. */
export const SEED_UNREAD = 6;

const LINES = ['Salom, doktor!', 'Salom! Nima bilan yordam bera olaman?', "Boshim og'riyapti.", 'Qachondan beri?'];

export function userRecord(u: FixtureUser): UserRecord {
  // The outsider is a patient who takes part in no conversation the checks use.
  const role = u.role === 'outsider' ? 'patient' : u.role;
  return { id: u.id, role, fullName: u.fullName, login: u.phone, phone: u.phone, password: u.password };
}

export async function seed(store: Store, messages = SEED_MESSAGES): Promise<void> {
  for (const u of FIXTURE_USERS) await store.putUser(userRecord(u));
  const [patient, operator, outsider] = FIXTURE_USERS as [FixtureUser, FixtureUser, FixtureUser];
  const start = Date.now() - (messages + 60) * 60_000;
  await store.putRoom({
    id: FIXTURE_CONVERSATION,
    title: 'Suhbat #1',
    status: 'in_progress',
    isActive: true,
    createdAt: start,
    updatedAt: start,
    lastMessageAt: null,
    members: [{ userId: patient.id, role: 'patient' }, { userId: operator.id, role: 'operator' }],
  });
  for (let i = 0; i < messages; i++) {
    const sender = i % 2 === 0 ? patient : operator;
    await store.addMessage({
      id: await store.nextId('message'),
      roomId: FIXTURE_CONVERSATION,
      senderId: sender.id,
      type: 'text',
      content: `${LINES[i % LINES.length]} (#${i + 1})`,
      createdAt: start + i * 60_000,
      readByRecipient: i < messages - Math.min(SEED_UNREAD, messages),
      attachments: [],
    });
  }
  // The outsider's own conversation, waiting for an operator (D-medmapp-01): it makes an unfiltered
  // conversation list or an unchecked history visible to the fixture patient too.
  await store.putRoom({
    id: await store.nextId('room'),
    title: 'Konsultatsiya',
    status: 'new',
    isActive: true,
    createdAt: start,
    updatedAt: start,
    lastMessageAt: null,
    members: [{ userId: outsider.id, role: 'patient' }],
  });
}

/**
 * Closed conversations of the fixture pair, with ids above the fixture's: with a paginated
 * list (the `conversations-paginated` variant) they put the fixture conversation past page 1. Closed, so
 * that "one active conversation per pair" still holds.
 */
export async function seedExtraConversations(store: Store, n: number): Promise<void> {
  const [patient, operator] = FIXTURE_USERS as [FixtureUser, FixtureUser];
  const at = Date.now() - 30 * 60_000;
  for (let i = 0; i < n; i++) {
    await store.putRoom({
      id: await store.nextId('room'),
      title: `Eski suhbat #${i + 1}`,
      status: 'closed',
      isActive: false,
      createdAt: at,
      updatedAt: at,
      lastMessageAt: null,
      members: [{ userId: patient.id, role: 'patient' }, { userId: operator.id, role: 'operator' }],
    });
  }
}
