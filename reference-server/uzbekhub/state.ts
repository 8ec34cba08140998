// Document 004's chat as records: users (integer ids), rooms (UUIDs) with their members and roles, messages
// (UUIDs, oldest first), and uploaded files (integer ids, de-duplicated by content hash). The chat needs
// what the shared Store has no notion of (member roles, deleting and editing messages, files), so the
// dialect keeps these records itself, in memory: UzbekHub is served by one process (no --workers).
// Fixtures (D-uzbekhub-12): `owner` owns the group room `room` (125 messages), `admin` is its admin,
// `member` a plain member, `outsider` in neither; `privateRoom` is the owner's private room with the member.
// `staff` (D-uzbekhub-41) is the one staff user, for the admin endpoints. Users are mutable (sign-up, email and
// password changes, deletion: 004 §Accounts API): each server keeps its own copies (UzState.users).
// Passwords are dev fixtures (banner and target file only, never logged).
import type { ServerContext } from '../dialect.ts';
import type { UzRole } from './spec.ts';

export interface UzUser {
  /** a fixture's role, or `user` for an account signed up at run time */
  role: 'owner' | 'admin' | 'member' | 'outsider' | 'staff' | 'user';
  id: number;
  email: string;
  username: string;
  /** null for an account made by Google login (it has no password) */
  password: string | null;
  firstName: string;
  lastName: string;
  bio: string;
  phone: string | null;
  isPrivate: boolean;
  /** false until the sign-up code is verified (D-uzbekhub-30) */
  isActive: boolean;
  isStaff: boolean;
  profilePicture: string | null;
  dateJoined: number;
  lastLogin: number | null;
}

const JOINED = Date.parse('2024-01-01T10:00:00Z');
const fixture = (role: UzUser['role'], id: number, firstName: string, lastName: string): UzUser => ({
  role, id, email: `${role}@uzbekhub.test`, username: role, password: `${role}-pass`, firstName, lastName,
  bio: '', phone: null, isPrivate: false, isActive: true, isStaff: role === 'staff', profilePicture: null, dateJoined: JOINED, lastLogin: null,
});

export const FIXTURE_USERS: readonly UzUser[] = [
  fixture('owner', 1, 'Oybek', 'Roziev'),
  fixture('admin', 2, 'Dilnoza', 'Karimova'),
  fixture('member', 3, 'Jasur', 'Aliyev'),
  fixture('outsider', 4, 'Malika', 'Tosheva'),
  fixture('staff', 5, 'Sardor', 'Yusupov'),
];

/**
 * Accounts signed up at run time, for the lookups that have no server at hand (briefs of senders and owners):
 * their ids come from one counter of the process, so that two servers in one process never share one.
 */
const SIGNED_UP = new Map<number, UzUser>();
let signupSeq = 100;
export const nextUserId = (): number => ++signupSeq;
export const registerUser = (u: UzUser): void => void SIGNED_UP.set(u.id, u);
export const forgetUser = (id: number): void => void SIGNED_UP.delete(id);

/** A fixture user (as seeded) or an account signed up at run time; a server's own view is UzState.user(). */
export const userById = (id: number): UzUser | undefined => FIXTURE_USERS.find((u) => u.id === id) ?? SIGNED_UP.get(id);
export const userByEmail = (email: string): UzUser | undefined => FIXTURE_USERS.find((u) => u.email === email);

/** Each server's state, for code that has only its ServerContext (the caller of a request). */
const STATES = new WeakMap<ServerContext, UzState>();
export const bindState = (sc: ServerContext, state: UzState): void => void STATES.set(sc, state);
export const stateOf = (sc: ServerContext): UzState | undefined => STATES.get(sc);

/** 004 §Accounts API 17-34: one location and one status per user, contacts, blocks (D-uzbekhub-37..40). */
export interface UzLocation {
  id: number;
  ownerId: number;
  lat: string;
  long: string;
  country: string | null;
  city: string | null;
  county: string | null;
  neighbourhood: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface UzStatus {
  id: number;
  userId: number;
  content: string;
  createdAt: number;
  updatedAt: number;
}

export interface UzContact {
  id: number;
  ownerId: number;
  contactId: number;
  nikname: string;
  createdAt: number;
  updatedAt: number;
}

export interface UzBlock {
  id: number;
  userId: number;
  blockedId: number;
  createdAt: number;
}

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
  /** every account of this server by id: the fixtures' own copies, then those signed up */
  readonly users = new Map<number, UzUser>(FIXTURE_USERS.map((u) => [u.id, { ...u }]));
  /** by owner (one each) */
  readonly locations = new Map<number, UzLocation>();
  /** by user (one each) */
  readonly statuses = new Map<number, UzStatus>();
  readonly contacts = new Map<number, UzContact>();
  readonly blocks = new Map<number, UzBlock>();
  private recordSeq = 0;
  readonly rooms = new Map<string, UzRoom>();
  private readonly messages = new Map<string, UzMessage[]>();
  readonly files = new Map<number, UzFile>();
  private memberSeq = 0;
  private fileSeq = 0;
  private clock = 0;

  user(id: number): UzUser | undefined {
    return this.users.get(id);
  }

  userByEmail(email: string): UzUser | undefined {
    const want = email.trim().toLowerCase();
    for (const u of this.users.values()) if (u.email.toLowerCase() === want) return u;
    return undefined;
  }

  userByUsername(username: string): UzUser | undefined {
    const want = username.toLowerCase();
    for (const u of this.users.values()) if (u.username.toLowerCase() === want) return u;
    return undefined;
  }

  /** The users in `ownerId`'s contacts (§Accounts API 29): a `contact` story's audience (D-uzbekhub-44). */
  contactsOf(ownerId: number): number[] {
    return [...this.contacts.values()].filter((c) => c.ownerId === ownerId).map((c) => c.contactId);
  }

  /** Whether either of the two blocked the other (D-uzbekhub-35). */
  blockedEitherWay(a: number, b: number): boolean {
    for (const x of this.blocks.values()) if ((x.userId === a && x.blockedId === b) || (x.userId === b && x.blockedId === a)) return true;
    return false;
  }

  /** Removes an account and every record of it. */
  deleteUser(id: number): void {
    this.users.delete(id);
    forgetUser(id);
    this.locations.delete(id);
    this.statuses.delete(id);
    for (const [k, c] of this.contacts) if (c.ownerId === id || c.contactId === id) this.contacts.delete(k);
    for (const [k, b] of this.blocks) if (b.userId === id || b.blockedId === id) this.blocks.delete(k);
  }

  /** An id for a location, status, contact or block. */
  nextRecordId(): number {
    return ++this.recordSeq;
  }

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
