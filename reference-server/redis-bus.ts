// The Bus on Redis pub/sub, one channel per room (`<namespace>:bus:<room>`). Each process holds one
// subscriber connection and subscribes to a room's channel while it has at least one local socket in that
// room (ws.ts's Hub subscribes on the first join, unsubscribes on the last leave). Every publish goes through
// Redis, the publisher's own process included, so every process delivers a room's frames in the one order
// Redis saw them.
//
// A message is `<exclude>\n<frame>`: the frame exactly as the publisher serialized it, never re-encoded. The
// exclude part (only the `no-echo-to-sender` fault uses it) is `<bus id> <connection id>`, because
// connection ids are only unique within one process; other processes ignore it. A publish to several rooms
// sends one message per room's channel, its header followed by a tab and the JSON list of the rooms.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { roomList, type Bus, type BusListener, type BusMessage } from './bus.ts';

export interface RedisBusOptions {
  /** The connection to publish on (may be shared with a RedisStore); the subscriber is its duplicate(). */
  redis: Redis;
  namespace: string;
  /** close() quits the publishing connection too (default false). */
  ownsConnection?: boolean;
  /** Called when a SUBSCRIBE/UNSUBSCRIBE fails (the connection is down); default: ignored. */
  onError?: (err: Error) => void;
}

export class RedisBus implements Bus {
  /** Unique per instance (so per process): scopes `exclude` to the publisher's own connections. */
  readonly id = randomUUID().slice(0, 8);
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly prefix: string;
  private readonly rooms = new Map<string, Set<BusListener>>();
  private readonly pending = new Set<Promise<unknown>>();
  /** The SUBSCRIBE in flight per room, until Redis confirms it. */
  private readonly subscribing = new Map<string, Promise<void>>();
  private readonly onError: (err: Error) => void;
  private readonly owns: boolean;

  constructor(opts: RedisBusOptions) {
    this.pub = opts.redis;
    this.owns = opts.ownsConnection ?? false;
    // No ready check on the subscriber: a SUBSCRIBE sent while its INFO is in flight puts the connection in
    // subscriber mode, the INFO fails, ioredis reconnects and the subscriptions are silently gone.
    this.sub = opts.redis.duplicate({ enableAutoPipelining: false, enableReadyCheck: false });
    this.prefix = `${opts.namespace}:bus:`;
    this.onError = opts.onError ?? (() => {});
    this.sub.on('message', (channel: string, message: string) => this.deliver(channel, message));
    // Without a listener, ioredis prints connection errors itself; the caller's onError decides.
    this.sub.on('error', (err: Error) => this.onError(err));
  }

  async publish(rooms: string | readonly string[], frame: string, exclude?: string): Promise<void> {
    const list = roomList(rooms);
    const header = `${exclude === undefined ? '' : `${this.id} ${exclude}`}${list.length > 1 ? `\t${JSON.stringify(list)}` : ''}`;
    // One connection, published in order: every subscriber sees the copies in the order of `list`.
    await Promise.all(list.map((room) => this.pub.publish(this.prefix + room, `${header}\n${frame}`)));
  }

  subscribe(room: string, listener: BusListener): () => void {
    let listeners = this.rooms.get(room);
    if (!listeners) {
      this.rooms.set(room, (listeners = new Set()));
      const confirmed = this.track(this.sub.subscribe(this.prefix + room));
      this.subscribing.set(room, confirmed);
      void confirmed.finally(() => {
        if (this.subscribing.get(room) === confirmed) this.subscribing.delete(room);
      });
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.rooms.get(room) === listeners) {
        this.rooms.delete(room);
        this.track(this.sub.unsubscribe(this.prefix + room));
      }
    };
  }

  async ready(room: string): Promise<void> {
    await this.subscribing.get(room);
  }

  /** Resolves once every SUBSCRIBE/UNSUBSCRIBE sent so far has been confirmed by Redis. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private track(p: Promise<unknown>): Promise<void> {
    const tracked = p.then(
      () => undefined,
      (err: Error) => this.onError(err),
    );
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
    return tracked;
  }

  private deliver(channel: string, message: string): void {
    if (!channel.startsWith(this.prefix)) return;
    const listeners = this.rooms.get(channel.slice(this.prefix.length));
    if (!listeners) return;
    const nl = message.indexOf('\n');
    if (nl < 0) return;
    const frame = message.slice(nl + 1);
    const out: BusMessage = { frame };
    if (nl > 0) {
      const header = message.slice(0, nl);
      const tab = header.indexOf('\t');
      const [origin, conn] = (tab < 0 ? header : header.slice(0, tab)).split(' ');
      if (origin === this.id && conn) out.exclude = conn;
      if (tab >= 0) out.rooms = JSON.parse(header.slice(tab + 1)) as string[];
    }
    for (const listener of listeners) listener(out);
  }

  async close(): Promise<void> {
    this.rooms.clear();
    await Promise.allSettled([...this.pending]);
    await this.sub.quit().catch(() => this.sub.disconnect());
    if (this.owns && this.pub.status !== 'end') await this.pub.quit().catch(() => this.pub.disconnect());
  }
}
