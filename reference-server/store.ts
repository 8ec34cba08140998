// Storage behind one async interface, so a Redis-backed store can replace the in-memory one for the
// multi-process mode without touching the dialects. Records are dialect-neutral: a dialect maps them to its
// own wire shapes (medmapp/serialize.ts). Ids are numbers from `nextId` (a Redis INCR later); a dialect with
// UUID ids (CarInfoPro) passes its own string ids.

export type Id = number | string;
export type IdKind = 'user' | 'room' | 'message' | 'attachment';

export interface UserRecord {
  id: Id;
  role: string;
  fullName: string;
  /** The login name the dialect authenticates with (Medmapp: the phone number). */
  login?: string;
  password?: string;
  phone?: string;
}

export interface RoomMember {
  userId: Id;
  role: string;
}

export interface RoomRecord {
  id: Id;
  title: string;
  status: string;
  isActive: boolean;
  createdAt: number;
  updatedAt: number;
  lastMessageAt: number | null;
  members: RoomMember[];
  /**
   * Values that name this room alone, by kind (CarInfoPro's visitor token is `keys.visitor`): unique across
   * rooms of that kind, never changed. Lookup: `findRoomByKey(kind, value)`.
   */
  keys?: Readonly<Record<string, string>>;
  /** What a dialect keeps of a room beyond the shared fields (CarInfoPro's `visitor_name` is `labels.visitorName`). */
  labels?: Readonly<Record<string, string>>;
}

export interface AttachmentRecord {
  id: Id;
  /** Path under the media root, `/`-separated, e.g. `chat_attachments/2026/01/06/<22 random chars>/103_image.jpg`. */
  path: string;
  mimeType: string;
  size: number;
  originalName: string;
}

export interface MessageRecord {
  id: Id;
  roomId: Id;
  senderId: Id;
  type: string;
  content: string;
  /** Epoch milliseconds. */
  createdAt: number;
  readByRecipient: boolean;
  attachments: AttachmentRecord[];
}

/** A message a connection just sent: text by default, now, unread, no attachments. */
export function newMessage(m: Pick<MessageRecord, 'id' | 'roomId' | 'senderId' | 'content'> & Partial<Pick<MessageRecord, 'type' | 'readByRecipient'>>): MessageRecord {
  return { type: 'text', createdAt: Date.now(), readByRecipient: false, attachments: [], ...m };
}

export type RoomPatch = Partial<Pick<RoomRecord, 'title' | 'status' | 'isActive' | 'members'>>;

export interface Store {
  nextId(kind: IdKind): Promise<number>;

  putUser(user: UserRecord): Promise<void>;
  getUser(id: Id): Promise<UserRecord | undefined>;
  findUserByLogin(login: string): Promise<UserRecord | undefined>;

  putRoom(room: RoomRecord): Promise<void>;
  getRoom(id: Id): Promise<RoomRecord | undefined>;
  /** Rooms `userId` is a member of, or every room when `userId` is undefined. */
  listRooms(userId?: Id): Promise<RoomRecord[]>;
  updateRoom(id: Id, patch: RoomPatch): Promise<RoomRecord | undefined>;
  /** The room whose `keys[kind]` is exactly `value`, if any. */
  findRoomByKey(kind: string, value: string): Promise<RoomRecord | undefined>;

  /** Appends a message (ids must grow with time) and moves the room's lastMessageAt. */
  addMessage(message: MessageRecord): Promise<void>;
  countMessages(roomId: Id): Promise<number>;
  /** Oldest first, `limit` messages from `offset`. */
  listMessages(roomId: Id, offset: number, limit: number): Promise<MessageRecord[]>;
  /** Unread messages in the room not sent by `readerId`; only those with an id above `afterId` if given. */
  countUnread(roomId: Id, readerId: Id, afterId?: number): Promise<number>;
  /** Marks every message not sent by `readerId` as read by its recipient; returns how many changed. */
  markRead(roomId: Id, readerId: Id): Promise<number>;

  close(): Promise<void>;
}

const key = (id: Id) => String(id);

/** The embedded store: plain maps, one array of messages per room (append-only, so already in order). */
export class MemoryStore implements Store {
  private readonly ids = new Map<IdKind, number>();
  private readonly users = new Map<string, UserRecord>();
  private readonly logins = new Map<string, UserRecord>();
  private readonly rooms = new Map<string, RoomRecord>();
  /** `kind\0value` -> room id */
  private readonly roomKeys = new Map<string, string>();
  private readonly messages = new Map<string, MessageRecord[]>();

  async nextId(kind: IdKind): Promise<number> {
    const next = (this.ids.get(kind) ?? 0) + 1;
    this.ids.set(kind, next);
    return next;
  }

  /** Seeds may choose ids; later nextId calls continue above them. */
  private bump(kind: IdKind, id: Id): void {
    if (typeof id === 'number' && id > (this.ids.get(kind) ?? 0)) this.ids.set(kind, id);
  }

  async putUser(user: UserRecord): Promise<void> {
    this.bump('user', user.id);
    this.users.set(key(user.id), user);
    if (user.login) this.logins.set(user.login, user);
  }

  async getUser(id: Id): Promise<UserRecord | undefined> {
    return this.users.get(key(id));
  }

  async findUserByLogin(login: string): Promise<UserRecord | undefined> {
    return this.logins.get(login);
  }

  async putRoom(room: RoomRecord): Promise<void> {
    this.bump('room', room.id);
    this.rooms.set(key(room.id), { ...room, members: [...room.members] });
    for (const [kind, value] of Object.entries(room.keys ?? {})) this.roomKeys.set(`${kind}\0${value}`, key(room.id));
    if (!this.messages.has(key(room.id))) this.messages.set(key(room.id), []);
  }

  async getRoom(id: Id): Promise<RoomRecord | undefined> {
    const room = this.rooms.get(key(id));
    return room && { ...room };
  }

  async listRooms(userId?: Id): Promise<RoomRecord[]> {
    const all = [...this.rooms.values()];
    const mine = userId === undefined ? all : all.filter((r) => r.members.some((m) => key(m.userId) === key(userId)));
    return mine.map((r) => ({ ...r }));
  }

  async updateRoom(id: Id, patch: RoomPatch): Promise<RoomRecord | undefined> {
    const room = this.rooms.get(key(id));
    if (!room) return undefined;
    Object.assign(room, patch, { updatedAt: Date.now() });
    return { ...room };
  }

  async findRoomByKey(kind: string, value: string): Promise<RoomRecord | undefined> {
    const id = this.roomKeys.get(`${kind}\0${value}`);
    return id === undefined ? undefined : this.getRoom(id);
  }

  async addMessage(message: MessageRecord): Promise<void> {
    this.bump('message', message.id);
    const list = this.messages.get(key(message.roomId));
    const room = this.rooms.get(key(message.roomId));
    if (!list || !room) throw new Error(`addMessage: no room ${message.roomId}`);
    list.push(message);
    room.lastMessageAt = message.createdAt;
  }

  async countMessages(roomId: Id): Promise<number> {
    return this.messages.get(key(roomId))?.length ?? 0;
  }

  async listMessages(roomId: Id, offset: number, limit: number): Promise<MessageRecord[]> {
    return (this.messages.get(key(roomId)) ?? []).slice(Math.max(0, offset), Math.max(0, offset) + limit).map((m) => ({ ...m }));
  }

  async countUnread(roomId: Id, readerId: Id, afterId?: number): Promise<number> {
    let n = 0;
    for (const m of this.messages.get(key(roomId)) ?? []) {
      if (!m.readByRecipient && key(m.senderId) !== key(readerId) && (afterId === undefined || Number(m.id) > afterId)) n++;
    }
    return n;
  }

  async markRead(roomId: Id, readerId: Id): Promise<number> {
    let n = 0;
    for (const m of this.messages.get(key(roomId)) ?? []) {
      if (!m.readByRecipient && key(m.senderId) !== key(readerId)) {
        m.readByRecipient = true;
        n++;
      }
    }
    return n;
  }

  async close(): Promise<void> {}
}
