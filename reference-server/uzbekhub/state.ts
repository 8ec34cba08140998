// Document 004's chat as records: users (integer ids), rooms (UUIDs) with their members and roles, messages
// (UUIDs, oldest first), and uploaded files (integer ids, de-duplicated by content hash). The chat needs
// what the shared Store has no notion of (member roles, deleting and editing messages, files), so the
// dialect keeps these records itself, in memory: UzbekHub is served by one process (no --workers).
// Fixtures (D-uzbekhub-12): `owner` owns the group room `room` (125 messages), `admin` is its admin,
// `member` a plain member, `outsider` in neither; `privateRoom` is the owner's private room with the member.
// Passwords are dev fixtures (banner and target file only, never logged).
import type { UzRole } from './spec.ts';

export interface UzUser {
  role: 'owner' | 'admin' | 'member' | 'outsider';
  id: number;
  email: string;
  username: string;
  password: string;
  firstName: string;
  lastName: string;
}

export const FIXTURE_USERS: readonly UzUser[] = [
  { role: 'owner', id: 1, email: 'owner@uzbekhub.test', username: 'owner', password: 'owner-pass', firstName: 'Oybek', lastName: 'Roziev' },
  { role: 'admin', id: 2, email: 'admin@uzbekhub.test', username: 'admin', password: 'admin-pass', firstName: 'Dilnoza', lastName: 'Karimova' },
  { role: 'member', id: 3, email: 'member@uzbekhub.test', username: 'member', password: 'member-pass', firstName: 'Jasur', lastName: 'Aliyev' },
  { role: 'outsider', id: 4, email: 'outsider@uzbekhub.test', username: 'outsider', password: 'outsider-pass', firstName: 'Malika', lastName: 'Tosheva' },
];

export const userById = (id: number): UzUser | undefined => FIXTURE_USERS.find((u) => u.id === id);
export const userByEmail = (email: string): UzUser | undefined => FIXTURE_USERS.find((u) => u.email === email);

export const FIXTURE_ROOM = '5b0e7c1a-3d2f-4a6b-9c8d-1e2f3a4b5c01';
export const FIXTURE_PRIVATE_ROOM = '5b0e7c1a-3d2f-4a6b-9c8d-1e2f3a4b5c02';
export const FIXTURE_HISTORY = 125;

export type FileType = 'image' | 'video' | 'voice' | 'document' | 'other';

export interface UzMember {
  id: number;
  userId: number;
  role: UzRole;
  joinedAt: number;
}

export interface UzRoom {
  id: string;
  type: 'private' | 'group';
  name: string | null;
  username: string | null;
  description: string | null;
  profilePic: string | null;
  createdAt: number;
  members: UzMember[];
}

export interface UzMessage {
  id: string;
  roomId: string;
  senderId: number;
  text: string;
  replyTo: string | null;
  files: number[];
  edited: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface UzFile {
  id: number;
  ownerId: number;
  uniqueId: string;
  path: string;
  type: FileType;
  size: number;
  uploadedAt: number;
}

/** The chat's records; every id and timestamp is taken here, so history order is (created_at, id). */
export class UzState {
  readonly rooms = new Map<string, UzRoom>();
  private readonly messages = new Map<string, UzMessage[]>();
  readonly files = new Map<number, UzFile>();
  private memberSeq = 0;
  private fileSeq = 0;
  private clock = 0;

  /** Now, strictly after every earlier timestamp (two messages never share a created_at). */
  now(): number {
    this.clock = Math.max(Date.now(), this.clock + 1);
    return this.clock;
  }

  member(userId: number, role: UzRole, at = this.now()): UzMember {
    return { id: ++this.memberSeq, userId, role, joinedAt: at };
  }

  putRoom(room: UzRoom): void {
    this.rooms.set(room.id, room);
    if (!this.messages.has(room.id)) this.messages.set(room.id, []);
  }

  deleteRoom(id: string): void {
    this.rooms.delete(id);
    this.messages.delete(id);
  }

  roleOf(room: UzRoom, userId: number): UzRole | undefined {
    return room.members.find((m) => m.userId === userId)?.role;
  }

  roomsOf(userId: number): UzRoom[] {
    return [...this.rooms.values()].filter((r) => r.members.some((m) => m.userId === userId)).sort((a, b) => b.createdAt - a.createdAt);
  }

  history(roomId: string): UzMessage[] {
    return this.messages.get(roomId) ?? [];
  }

  addMessage(m: UzMessage): void {
    this.messages.get(m.roomId)?.push(m);
  }

  findMessage(id: string): UzMessage | undefined {
    for (const list of this.messages.values()) {
      const m = list.find((x) => x.id === id);
      if (m) return m;
    }
    return undefined;
  }

  deleteMessage(m: UzMessage): void {
    const list = this.messages.get(m.roomId);
    if (list) this.messages.set(m.roomId, list.filter((x) => x.id !== m.id));
  }

  clear(roomId: string): void {
    if (this.messages.has(roomId)) this.messages.set(roomId, []);
  }

  nextFileId(): number {
    return ++this.fileSeq;
  }
}

/** Seeds the fixture rooms: the group room with 125 messages over the last hours, the private room with 3. */
export function seed(state: UzState, newId: () => string): void {
  const start = Date.now() - 6 * 60 * 60_000;
  const [owner, admin, member] = FIXTURE_USERS as [UzUser, UzUser, UzUser];
  state.putRoom({
    id: FIXTURE_ROOM, type: 'group', name: 'Project Team', username: 'project_team', description: 'Team discussion', profilePic: null, createdAt: start,
    members: [state.member(owner.id, 'owner', start), state.member(admin.id, 'admin', start), state.member(member.id, 'member', start)],
  });
  const speakers = [owner, admin, member];
  for (let i = 0; i < FIXTURE_HISTORY; i++) {
    const at = start + (i + 1) * 60_000;
    state.addMessage({ id: newId(), roomId: FIXTURE_ROOM, senderId: speakers[i % 3]!.id, text: `History message ${i + 1}`, replyTo: null, files: [], edited: false, createdAt: at, updatedAt: at });
  }
  state.putRoom({
    id: FIXTURE_PRIVATE_ROOM, type: 'private', name: null, username: null, description: null, profilePic: null, createdAt: start,
    members: [state.member(owner.id, 'owner', start), state.member(member.id, 'member', start)],
  });
  for (let i = 0; i < 3; i++) {
    const at = start + (i + 1) * 30_000;
    state.addMessage({ id: newId(), roomId: FIXTURE_PRIVATE_ROOM, senderId: i % 2 ? member.id : owner.id, text: `Private message ${i + 1}`, replyTo: null, files: [], edited: false, createdAt: at, updatedAt: at });
  }
}
