// Several rooms over Redis: two socket servers (two processes' worth) on one RedisBus namespace. A publish
// to several rooms goes once per room's channel; a socket in more than one of them receives it once, on
// either server.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../../core/profiles.ts';
import type { BusMessage } from '../../../reference-server/bus.ts';
import { startRedis, type TestRedis } from '../../support/redis.ts';
import { admitted, rigEndpoint, startRig, type Client, type Rig } from '../socket-rig.ts';

let redis: TestRedis;
const rigs: Rig[] = [];
const clients: Client[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  await Promise.all(rigs.splice(0).map((r) => r.close()));
});
afterAll(async () => {
  await redis?.stop();
});

const bus = (namespace: string) => redis.bus(namespace);

describe('rooms over Redis', () => {
  it('carries the room list of a multi-room publish, and the exclude, to another instance', async () => {
    const ns = redis.namespace('multi');
    const [a, b] = [bus(ns), bus(ns)];
    const got: BusMessage[] = [];
    b.subscribe('r1', (m) => got.push(m));
    b.subscribe('r2', (m) => got.push(m));
    await Promise.all([b.ready('r1'), b.ready('r2')]);
    await a.publish(['r1', 'r2', 'r1'], 'x\ny');
    await a.publish('r2', 'one');
    const deadline = Date.now() + 5000;
    while (got.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(got).toEqual([{ frame: 'x\ny', rooms: ['r1', 'r2'] }, { frame: 'x\ny', rooms: ['r1', 'r2'] }, { frame: 'one' }]);
  });

  it('a socket in several rooms gets a publish to several of them once, on either server', async () => {
    const ns = redis.namespace('rooms');
    const fiko = loadProfile('fiko');
    const publisher = bus(ns);
    for (let i = 0; i < 2; i++) rigs.push(await startRig({ profile: fiko, endpoints: [rigEndpoint('conversations'), rigEndpoint('chat')], bus: bus(ns) }));
    const open = async (url: string) => {
      const c = await admitted(url);
      clients.push(c);
      return c;
    };
    const x = await open(`${rigs[0]!.wsUrl}/ws/conversations/?token=ok&room=a&room=b`);
    const y = await open(`${rigs[1]!.wsUrl}/ws/conversations/?token=ok&room=b&room=a`);
    const z = await open(`${rigs[1]!.wsUrl}/ws/chat/1/?token=ok&room=b`);
    await publisher.publish('a', 'A');
    await publisher.publish(['a', 'b'], 'AB');
    await publisher.publish(['b', 'a'], 'BA');
    await publisher.publish(['a', 'b'], 'end');
    expect(await x.until('end')).toEqual(['A', 'AB', 'BA', 'end']);
    expect(await y.until('end')).toEqual(['A', 'AB', 'BA', 'end']);
    expect(await z.until('end')).toEqual(['AB', 'BA', 'end']);
  });
});
