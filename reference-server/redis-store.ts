// The Store on Redis, shared by every process of a multi-process server (cluster.ts). Every key lives under
// one namespace, `chatconform:<profile>:<runId>`, so runs and tests never see each other's data and one
// SCAN + UNLINK removes a run (deleteNamespace). Every write that touches more than one key is one Lua
// script, so two processes never interleave half-done writes.
//
// Keys (ns = the namespace; <id>, <user> are String(id)):
//   ns:id:<kind>                      INCR counter behind nextId; seeded numeric ids bump it (MemoryStore's rule)
//   ns:users                          hash  id -> UserRecord JSON
//   ns:logins                         hash  login -> user id
//   ns:rooms                          zset  room id, scored by first-put order (listRooms order)
//   ns:room:<id>                      hash  RoomRecord field -> JSON value (updateRoom writes fields, no read-modify-write)
//   ns:room:<id>:members              set   member user ids (to unindex them on change)
//   ns:member-rooms:<user>            zset  room ids the user is a member of, same scores as ns:rooms
//   ns:room-keys:<kind>               hash  a room's key of that kind (RoomRecord.keys) -> room id
//   ns:room:<id>:messages             zset  message ids scored by numeric id (string ids: by an append counter),
//                                           so a history page is one ZRANGE: O(log n + page)
//   ns:room:<id>:bodies               hash  message id -> "<sender id>\n<MessageRecord JSON>"
//   ns:room:<id>:unread:<sender>      zset  that sender's messages not yet read by their recipient
//   ns:room:<id>:senders              set   senders with unread messages (countUnread/markRead walk it)
import { Redis, type RedisOptions } from 'ioredis';
import type { Id, IdKind, MessageRecord, RoomPatch, RoomRecord, Store, UserRecord } from './store.ts';

const key = (id: Id) => String(id);

/** A client tuned for the server: commands issued in the same tick go out as one pipeline. */
export function createRedis(url: string, opts: RedisOptions = {}): Redis {
  return new Redis(url, { enableAutoPipelining: true, maxRetriesPerRequest: 3, ...opts });
}

/** `redis://:secret@host:6379/2` -> `redis://:[redacted]@host:6379/2` (for banners and logs). */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.password) return url;
    return `${u.protocol}//${u.username}:[redacted]@${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//[redacted]@');
  }
}

/** Removes every key of a namespace (SCAN, never KEYS, so a shared Redis is not blocked). Returns how many. */
export async function deleteNamespace(redis: Redis, namespace: string): Promise<number> {
  const pattern = `${namespace.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}:*`;
  let cursor = '0';
  let n = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) n += await redis.unlink(...keys);
  } while (cursor !== '0');
  return n;
}

// ARGV: ns, id, mode (put|update), bump ('' or numeric id), room keys ('' or JSON {kind: value}),
//       member count (-1: members unchanged), member ids..., field, JSON value, field, JSON value...
const WRITE_ROOM = `
local ns, id, mode = ARGV[1], ARGV[2], ARGV[3]
local room = ns .. ':room:' .. id
if mode == 'update' and redis.call('EXISTS', room) == 0 then return false end
if ARGV[4] ~= '' then
  local k = ns .. ':id:room'
  if tonumber(redis.call('GET', k) or '0') < tonumber(ARGV[4]) then redis.call('SET', k, ARGV[4]) end
end
local order = redis.call('ZSCORE', ns .. ':rooms', id)
if not order then
  order = redis.call('INCR', ns .. ':room-order')
  redis.call('ZADD', ns .. ':rooms', order, id)
end
if mode == 'put' then redis.call('DEL', room) end
local n = tonumber(ARGV[6])
local i = 7
if n >= 0 then
  local mkey = room .. ':members'
  for _, old in ipairs(redis.call('SMEMBERS', mkey)) do redis.call('ZREM', ns .. ':member-rooms:' .. old, id) end
  redis.call('DEL', mkey)
  for j = 0, n - 1 do
    redis.call('SADD', mkey, ARGV[i + j])
    redis.call('ZADD', ns .. ':member-rooms:' .. ARGV[i + j], order, id)
  end
  i = i + n
end
if ARGV[5] ~= '' then
  for kind, value in pairs(cjson.decode(ARGV[5])) do redis.call('HSET', ns .. ':room-keys:' .. kind, value, id) end
end
if #ARGV >= i then redis.call('HSET', room, unpack(ARGV, i)) end
return redis.call('HGETALL', room)
`;

// ARGV: ns, room id, message id, score ('' = next append counter), sender id, JSON, lastMessageAt JSON,
//       unread (1|0), bump ('' or numeric id)
const ADD_MESSAGE = `
local ns = ARGV[1]
local room = ns .. ':room:' .. ARGV[2]
if redis.call('EXISTS', room) == 0 then return redis.error_reply('ERR addMessage: no room ' .. ARGV[2]) end
local score = ARGV[4]
if score == '' then score = redis.call('INCR', room .. ':seq') end
redis.call('ZADD', room .. ':messages', score, ARGV[3])
redis.call('HSET', room .. ':bodies', ARGV[3], ARGV[5] .. '\\n' .. ARGV[6])
redis.call('HSET', room, 'lastMessageAt', ARGV[7])
if ARGV[8] == '1' then
  redis.call('ZADD', room .. ':unread:' .. ARGV[5], score, ARGV[3])
  redis.call('SADD', room .. ':senders', ARGV[5])
end
if ARGV[9] ~= '' then
  local k = ns .. ':id:message'
  if tonumber(redis.call('GET', k) or '0') < tonumber(ARGV[9]) then redis.call('SET', k, ARGV[9]) end
end
return 1
`;

// ARGV: ns, room id, start, stop. Returns body, read flag (1|0), body, read flag...
const LIST_MESSAGES = `
local room = ARGV[1] .. ':room:' .. ARGV[2]
local out = {}
for _, id in ipairs(redis.call('ZRANGE', room .. ':messages', ARGV[3], ARGV[4])) do
  local body = redis.call('HGET', room .. ':bodies', id)
  if body then
    local sender = string.sub(body, 1, string.find(body, '\\n', 1, true) - 1)
    out[#out + 1] = body
    out[#out + 1] = redis.call('ZSCORE', room .. ':unread:' .. sender, id) and '0' or '1'
  end
end
return out
`;

// ARGV: ns, room id, reader id, min score ('-inf' or '(<afterId>')
const COUNT_UNREAD = `
local room = ARGV[1] .. ':room:' .. ARGV[2]
local n = 0
for _, s in ipairs(redis.call('SMEMBERS', room .. ':senders')) do
  if s ~= ARGV[3] then n = n + redis.call('ZCOUNT', room .. ':unread:' .. s, ARGV[4], '+inf') end
end
return n
`;

// ARGV: ns, room id, reader id
const MARK_READ = `
local room = ARGV[1] .. ':room:' .. ARGV[2]
local n = 0
for _, s in ipairs(redis.call('SMEMBERS', room .. ':senders')) do
  if s ~= ARGV[3] then
    n = n + redis.call('ZCARD', room .. ':unread:' .. s)
    redis.call('DEL', room .. ':unread:' .. s)
    redis.call('SREM', room .. ':senders', s)
  end
end
return n
`;

// ARGV: ns, id, JSON, login ('' or login), bump ('' or numeric id)
const PUT_USER = `
local ns = ARGV[1]
redis.call('HSET', ns .. ':users', ARGV[2], ARGV[3])
if ARGV[4] ~= '' then redis.call('HSET', ns .. ':logins', ARGV[4], ARGV[2]) end
if ARGV[5] ~= '' then
  local k = ns .. ':id:user'
  if tonumber(redis.call('GET', k) or '0') < tonumber(ARGV[5]) then redis.call('SET', k, ARGV[5]) end
end
return 1
`;

const SCRIPTS = {
  chatconformWriteRoom: WRITE_ROOM,
  chatconformAddMessage: ADD_MESSAGE,
  chatconformListMessages: LIST_MESSAGES,
  chatconformCountUnread: COUNT_UNREAD,
  chatconformMarkRead: MARK_READ,
  chatconformPutUser: PUT_USER,
} as const;

type ScriptName = keyof typeof SCRIPTS;
type ScriptCall = (...args: (string | number)[]) => Promise<unknown>;

export interface RedisStoreOptions {
  redis: Redis;
  /** Key prefix without the trailing colon, e.g. `chatconform:medmapp:3f9a...`. */
  namespace: string;
  /** close() quits the connection (default false: the caller owns it). */
  ownsConnection?: boolean;
}

export class RedisStore implements Store {
  readonly namespace: string;
  private readonly redis: Redis;
  private readonly owns: boolean;

  constructor(opts: RedisStoreOptions) {
    this.redis = opts.redis;
    this.namespace = opts.namespace;
    this.owns = opts.ownsConnection ?? false;
    // defineCommand sends EVALSHA and falls back to EVAL once per connection (NOSCRIPT).
    for (const [name, lua] of Object.entries(SCRIPTS)) {
      if (!(name in this.redis)) this.redis.defineCommand(name, { numberOfKeys: 0, lua });
    }
  }

  private script(name: ScriptName, ...args: (string | number)[]): Promise<unknown> {
    return (this.redis as unknown as Record<ScriptName, ScriptCall>)[name](this.namespace, ...args);
  }

  private k(suffix: string): string {
    return `${this.namespace}:${suffix}`;
  }

  async nextId(kind: IdKind): Promise<number> {
    return this.redis.incr(this.k(`id:${kind}`));
  }

  async putUser(user: UserRecord): Promise<void> {
    await this.script('chatconformPutUser', key(user.id), JSON.stringify(user), user.login ?? '', bumpArg(user.id));
  }

  async getUser(id: Id): Promise<UserRecord | undefined> {
    const json = await this.redis.hget(this.k('users'), key(id));
    return json === null ? undefined : (JSON.parse(json) as UserRecord);
  }

  async findUserByLogin(login: string): Promise<UserRecord | undefined> {
    const id = await this.redis.hget(this.k('logins'), login);
    return id === null ? undefined : this.getUser(id);
  }

  async putRoom(room: RoomRecord): Promise<void> {
    await this.writeRoom('put', room.id, room);
  }

  async getRoom(id: Id): Promise<RoomRecord | undefined> {
    return decodeRoom(await this.redis.hgetall(this.k(`room:${key(id)}`)));
  }

  async listRooms(userId?: Id): Promise<RoomRecord[]> {
    const ids = await this.redis.zrange(userId === undefined ? this.k('rooms') : this.k(`member-rooms:${key(userId)}`), 0, -1);
    const rooms = await Promise.all(ids.map((id) => this.getRoom(id)));
    return rooms.filter((r): r is RoomRecord => r !== undefined);
  }

  async updateRoom(id: Id, patch: RoomPatch): Promise<RoomRecord | undefined> {
    return this.writeRoom('update', id, { ...patch, updatedAt: Date.now() });
  }

  async findRoomByKey(kind: string, value: string): Promise<RoomRecord | undefined> {
    const id = await this.redis.hget(this.k(`room-keys:${kind}`), value);
    return id === null ? undefined : this.getRoom(id);
  }

  private async writeRoom(mode: 'put' | 'update', id: Id, fields: Partial<RoomRecord>): Promise<RoomRecord | undefined> {
    const { keys } = fields;
    const members = fields.members?.map((m) => key(m.userId));
    const pairs: string[] = [];
    for (const [name, value] of Object.entries(fields)) {
      if (value !== undefined) pairs.push(name, JSON.stringify(value));
    }
    const flat = (await this.script(
      'chatconformWriteRoom',
      key(id),
      mode,
      mode === 'put' ? bumpArg(id) : '',
      keys && Object.keys(keys).length ? JSON.stringify(keys) : '',
      members ? members.length : -1,
      ...(members ?? []),
      ...pairs,
    )) as string[] | null;
    return flat ? decodeRoom(pairsToObject(flat)) : undefined;
  }

  async addMessage(message: MessageRecord): Promise<void> {
    const numeric = typeof message.id === 'number';
    await this.script(
      'chatconformAddMessage',
      key(message.roomId),
      key(message.id),
      numeric ? message.id : '',
      key(message.senderId),
      JSON.stringify(message),
      JSON.stringify(message.createdAt),
      message.readByRecipient ? 0 : 1,
      numeric ? message.id : '',
    );
  }

  async countMessages(roomId: Id): Promise<number> {
    return this.redis.zcard(this.k(`room:${key(roomId)}:messages`));
  }

  async listMessages(roomId: Id, offset: number, limit: number): Promise<MessageRecord[]> {
    const start = Math.max(0, offset);
    if (limit <= 0) return [];
    const flat = (await this.script('chatconformListMessages', key(roomId), start, start + limit - 1)) as string[];
    const out: MessageRecord[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      const body = flat[i]!;
      const record = JSON.parse(body.slice(body.indexOf('\n') + 1)) as MessageRecord;
      out.push({ ...record, readByRecipient: flat[i + 1] === '1' });
    }
    return out;
  }

  async countUnread(roomId: Id, readerId: Id, afterId?: number): Promise<number> {
    return Number(await this.script('chatconformCountUnread', key(roomId), key(readerId), afterId === undefined ? '-inf' : `(${afterId}`));
  }

  async markRead(roomId: Id, readerId: Id): Promise<number> {
    return Number(await this.script('chatconformMarkRead', key(roomId), key(readerId)));
  }

  async close(): Promise<void> {
    if (this.owns && this.redis.status !== 'end') await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

function bumpArg(id: Id): number | '' {
  return typeof id === 'number' && Number.isInteger(id) ? id : '';
}

function pairsToObject(flat: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]!] = flat[i + 1]!;
  return out;
}

/** A room hash back to a record; the id is a field like the others (written by putRoom). */
function decodeRoom(hash: Record<string, string>): RoomRecord | undefined {
  if (Object.keys(hash).length === 0) return undefined;
  const room: Record<string, unknown> = {};
  for (const [name, json] of Object.entries(hash)) room[name] = JSON.parse(json);
  return room as unknown as RoomRecord;
}
