// Document 002's fixtures (D-carechat-15): a patient, a professional, an outsider patient, and a user holding
// both profiles (§Multi-Profile Users); one chat between the patient and the professional. A user logs in
// with its own UUID in the JWT; a chat names profiles, each with a UUID of its own (D-carechat-03). Profiles
// are fixed data, so every worker of a cluster knows them without a store lookup. Passwords are dev
// fixtures (banner and target file only, never logged).
import { createHash } from 'node:crypto';
import type { RoomRecord, Store } from '../store.ts';

export type Side = 'patient' | 'professional';

export interface FixtureUser {
  role: 'patient' | 'professional' | 'outsider' | 'dual';
  id: string;
  username: string;
  password: string;
  fullName: string;
  /** profile ids by side; a user holds one or both */
  profiles: Partial<Record<Side, string>>;
}

export const FIXTURE_USERS: readonly FixtureUser[] = [
  { role: 'patient', id: '0b8e5a52-3f7d-4c55-9a1e-1c2d3e4f5a01', username: 'patient', password: 'patient-pass', fullName: 'Madina Yusupova', profiles: { patient: 'a1c0e7d2-5b4f-4e3a-8c9d-0e1f2a3b4c01' } },
  { role: 'professional', id: '0b8e5a52-3f7d-4c55-9a1e-1c2d3e4f5a02', username: 'professional', password: 'professional-pass', fullName: 'Dr. Rustam Aliev', profiles: { professional: 'b2d1f8e3-6c5a-4f4b-9dae-1f2a3b4c5d02' } },
  { role: 'outsider', id: '0b8e5a52-3f7d-4c55-9a1e-1c2d3e4f5a03', username: 'outsider', password: 'outsider-pass', fullName: 'Sardor Tursunov', profiles: { patient: 'a1c0e7d2-5b4f-4e3a-8c9d-0e1f2a3b4c03' } },
  {
    role: 'dual', id: '0b8e5a52-3f7d-4c55-9a1e-1c2d3e4f5a04', username: 'dual', password: 'dual-pass', fullName: 'Dr. Nodira Karimova',
    profiles: { patient: 'a1c0e7d2-5b4f-4e3a-8c9d-0e1f2a3b4c04', professional: 'b2d1f8e3-6c5a-4f4b-9dae-1f2a3b4c5d04' },
  },
];

export const userOf = (id: string): FixtureUser | undefined => FIXTURE_USERS.find((u) => u.id === id);

/** The user holding profile `profileId` on `side`. */
export const holderOf = (side: Side, profileId: string): FixtureUser | undefined => FIXTURE_USERS.find((u) => u.profiles[side] === profileId);

/**
 * The chat id of a pair: derived from the two profile ids, so that a create-or-get racing another (two
 * requests, two workers) lands on the same chat.
 */
export function pairChatId(patient: string, professional: string): string {
  const h = createHash('sha256').update(`carechat:${patient}:${professional}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const [PATIENT, PROFESSIONAL] = FIXTURE_USERS as [FixtureUser, FixtureUser];
export const FIXTURE_CHAT = pairChatId(PATIENT.profiles.patient!, PROFESSIONAL.profiles.professional!);

/** A chat record: members are the two users, labels the two profiles. */
export function newChat(id: string, patient: string, professional: string, at = Date.now()): RoomRecord {
  return {
    id,
    title: '',
    status: 'active',
    isActive: true,
    createdAt: at,
    updatedAt: at,
    lastMessageAt: null,
    members: [
      { userId: holderOf('patient', patient)?.id ?? `patient:${patient}`, role: 'patient' },
      { userId: holderOf('professional', professional)?.id ?? `professional:${professional}`, role: 'professional' },
    ],
    labels: { patient, professional },
  };
}

export async function seed(store: Store): Promise<void> {
  for (const u of FIXTURE_USERS) await store.putUser({ id: u.id, role: u.role, fullName: u.fullName, login: u.username, password: u.password });
  await store.putRoom(newChat(FIXTURE_CHAT, PATIENT.profiles.patient!, PROFESSIONAL.profiles.professional!, Date.now() - 60 * 60_000));
}
