// RedisBus: fan-out between two bus instances (two processes' worth) through a real redis-server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusMessage } from '../../../reference-server/bus.ts';
import { redactRedisUrl } from '../../../reference-server/redis-store.ts';
import { startRedis, type TestRedis } from '../../support/redis.ts';

let redis: TestRedis;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

const bus = (namespace: string) => redis.bus(namespace);

const until = async (cond: () => boolean, ms = 2000) => {
  const deadline = Date.now() + ms;
  while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
};

describe('RedisBus', () => {
  it('ready(room) resolves once the subscription holds: a publish right after it is delivered', async () => {
    const ns = redis.namespace('ready');
    const [a, b] = [bus(ns), bus(ns)];
    const got: string[] = [];
    for (let i = 0; i < 20; i++) {
      b.subscribe(`r${i}`, (m) => got.push(m.frame));
      await b.ready(`r${i}`);
      await a.publish(`r${i}`, `f${i}`);
    }
    await until(() => got.length === 20);
    expect(got).toEqual(Array.from({ length: 20 }, (_, i) => `f${i}`));
  });

  it('keeps a subscription made while its connection is still starting (a socket admitted as a worker starts)', async () => {
    const ns = redis.namespace('starting');
    const publisher = bus(ns);
    const subscriber = bus(ns);
    // The moment the subscriber's TCP connection is up and ioredis has not called it ready yet: a SUBSCRIBE
    // sent then once made the ready check fail, and the reconnect lost the subscription without a word.
    const sub = (subscriber as unknown as { sub: { status: string; once(e: string, f: () => void): void } }).sub;
    const got: string[] = [];
    await new Promise<void>((resolve) => sub.once('connect', () => {
      subscriber.subscribe('r', (m) => got.push(m.frame));
      resolve();
    }));
    await subscriber.ready('r');
    await new Promise((r) => setTimeout(r, 300)); // time for a failed ready check to drop the connection
    await publisher.publish('r', 'after');
    await until(() => got.length > 0);
    expect(got).toEqual(['after']);
  });

  it('fans a publish out to every instance subscribed to the room, the publisher included, in order', async () => {
    const ns = redis.namespace('bus');
    const [a, b] = [bus(ns), bus(ns)];
    const gotA: BusMessage[] = [];
    const gotB: BusMessage[] = [];
    const wrong: BusMessage[] = [];
    a.subscribe('1', (m) => gotA.push(m));
    b.subscribe('1', (m) => gotB.push(m));
    b.subscribe('2', (m) => wrong.push(m));
    await Promise.all([a.settled(), b.settled()]);
    const frames = Array.from({ length: 20 }, (_, i) => JSON.stringify({ type: 'chat_message', n: i, text: 'a\nb "quoted" ✓' }));
    for (const f of frames.slice(0, 10)) void a.publish('1', f);
    for (const f of frames.slice(10)) void b.publish('1', f);
    await until(() => gotA.length === 20 && gotB.length === 20);
    expect(gotA.map((m) => m.frame)).toEqual(gotB.map((m) => m.frame));
    expect(gotA.map((m) => m.frame).sort()).toEqual([...frames].sort());
    // Each publisher's own frames keep their order.
    expect(gotA.map((m) => m.frame).filter((f) => frames.indexOf(f) < 10)).toEqual(frames.slice(0, 10));
    expect(wrong).toEqual([]);
  });

  it('scopes exclude to the publishing instance (connection ids are per process)', async () => {
    const ns = redis.namespace('bus');
    const [a, b] = [bus(ns), bus(ns)];
    const gotA: BusMessage[] = [];
    const gotB: BusMessage[] = [];
    a.subscribe('r', (m) => gotA.push(m));
    b.subscribe('r', (m) => gotB.push(m));
    await Promise.all([a.settled(), b.settled()]);
    await a.publish('r', 'x', 'c7');
    await until(() => gotA.length === 1 && gotB.length === 1);
    expect(gotA).toEqual([{ frame: 'x', exclude: 'c7' }]);
    expect(gotB).toEqual([{ frame: 'x' }]);
  });

  it('stops delivering after the last listener of a room unsubscribes, and namespaces never mix', async () => {
    const ns = redis.namespace('bus');
    const [a, b, other] = [bus(ns), bus(ns), bus(redis.namespace('bus'))];
    const got: string[] = [];
    const offA1 = a.subscribe('1', (m) => got.push(`a1:${m.frame}`));
    const offA2 = a.subscribe('1', (m) => got.push(`a2:${m.frame}`));
    other.subscribe('1', (m) => got.push(`other:${m.frame}`));
    await Promise.all([a.settled(), other.settled()]);
    await b.publish('1', 'one');
    await until(() => got.length === 2);
    offA1();
    await b.publish('1', 'two');
    await until(() => got.length === 3);
    offA2();
    await a.settled();
    const channels = await redis.client().pubsub('CHANNELS', `${ns}:*`);
    expect(channels).toEqual([]);
    await b.publish('1', 'three');
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toEqual(['a1:one', 'a2:one', 'a2:two']);
  });
});

describe('redactRedisUrl', () => {
  it('hides a password and keeps the rest', () => {
    expect(redactRedisUrl('redis://:s3cret@10.0.0.1:6379/2')).toBe('redis://:[redacted]@10.0.0.1:6379/2');
    expect(redactRedisUrl('redis://app:s3cret@host:6380')).toBe('redis://app:[redacted]@host:6380');
    expect(redactRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(redactRedisUrl('rediss://u:p%40ss@h:1/0')).not.toContain('p%40ss');
  });
});
