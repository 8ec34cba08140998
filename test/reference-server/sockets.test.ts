// The shared socket plumbing against the profile data: Fiko (001) has two sockets, each routed to its own
// endpoint at the profile's path; a connection may be in several rooms and gets each broadcast once; the
// close code of a refusal is the profile's (Fiko: 1008), under a variant's, under a fault's explicit code.
import { afterEach, describe, expect, it } from 'vitest';
import { loadProfile } from '../../core/profiles.ts';
import { LocalBus } from '../../reference-server/bus.ts';
import { closeCodes, profileCloseTable } from '../../reference-server/close-codes.ts';
import { ServerError } from '../../reference-server/errors.ts';
import { bindEndpoints, routeUpgrade } from '../../reference-server/ws.ts';
import { admitted, refusal, rigEndpoint, startRig, type Client, type Rig } from './socket-rig.ts';

const fiko = loadProfile('fiko');
let rig: Rig | undefined;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  await rig?.close();
  rig = undefined;
});
const open = async (url: string) => {
  const c = await admitted(url);
  clients.push(c);
  return c;
};

describe('several socket endpoints per dialect', () => {
  it("routes Fiko's two sockets to their own endpoints at the profile's paths; other paths get 404", async () => {
    expect(Object.keys(fiko.ws).sort()).toEqual(['chat', 'conversations']);
    rig = await startRig({ profile: fiko, endpoints: [rigEndpoint('conversations'), rigEndpoint('chat')], bus: new LocalBus() });
    const list = await open(`${rig.wsUrl}/ws/conversations/?token=ok`);
    const chat = await open(`${rig.wsUrl}/ws/chat/c-42/?token=ok`);
    list.send('hi');
    chat.send('hi');
    expect(JSON.parse((await list.until('{"op":"conversations","params":{},"echo":"hi"}'))[0]!)).toEqual({ op: 'conversations', params: {}, echo: 'hi' });
    expect(JSON.parse((await chat.until('{"op":"chat","params":{"id":"c-42"},"echo":"hi"}'))[0]!)).toEqual({ op: 'chat', params: { id: 'c-42' }, echo: 'hi' });
    // A path under the chat socket that does not match its template is the chat endpoint's to refuse (bad path).
    expect(await refusal(`${rig.wsUrl}/ws/chat/a/b/?token=ok`)).toEqual({ code: 4000 });
    for (const path of ['/ws/other/', '/ws/conversations/1/', '/ws/chatroom/1/', '/']) expect(await refusal(`${rig.wsUrl}${path}?token=ok`), path).toEqual({ status: 404 });
  });

  it('refuses to bind an endpoint the profile does not name, or one named twice', () => {
    expect(() => bindEndpoints(fiko, [rigEndpoint('typing')])).toThrow(/no socket 'typing'.*conversations, chat/);
    expect(() => bindEndpoints(fiko, [rigEndpoint('chat'), rigEndpoint('chat')])).toThrow(/declared twice/);
  });

  it('prefers an exact template match over a prefix that owns the path', () => {
    const profile = { ...fiko, ws: { chat: { path: '/ws/chat/{id}/', doc: 'x' }, typing: { path: '/ws/chat/{id}/typing/', doc: 'x' } } };
    const bound = bindEndpoints(profile, [rigEndpoint('chat'), rigEndpoint('typing')]);
    expect(routeUpgrade(bound, '/ws/chat/7/typing/')).toMatchObject({ bound: { endpoint: { op: 'typing' } }, params: { id: '7' } });
    expect(routeUpgrade(bound, '/ws/chat/7/')).toMatchObject({ bound: { endpoint: { op: 'chat' } }, params: { id: '7' } });
    expect(routeUpgrade(bound, '/ws/chat/7/x/y/')).toMatchObject({ params: {} });
    expect(routeUpgrade(bound, '/ws/elsewhere/')).toBeUndefined();
  });
});

describe('a connection in several rooms', () => {
  it("gets each room's broadcast once, a publish to several of its rooms once, and rooms joined or left later", async () => {
    const bus = new LocalBus();
    rig = await startRig({ profile: fiko, endpoints: [rigEndpoint('conversations'), rigEndpoint('chat')], bus });
    const x = await open(`${rig.wsUrl}/ws/conversations/?token=ok&room=a&room=b`);
    const y = await open(`${rig.wsUrl}/ws/chat/1/?token=ok&room=b`);
    const z = await open(`${rig.wsUrl}/ws/chat/2/?token=ok&room=c`);
    await bus.publish('a', 'A');
    await bus.publish('b', 'B');
    await bus.publish(['a', 'b'], 'AB');
    await bus.publish(['b', 'c', 'b'], 'BC');
    await bus.publish(['a', 'b', 'c'], 'end');
    expect(await x.until('end')).toEqual(['A', 'B', 'AB', 'BC', 'end']);
    expect(await y.until('end')).toEqual(['B', 'AB', 'BC', 'end']);
    expect(await z.until('end')).toEqual(['BC', 'end']);

    x.send('join:c');
    await x.until('joined:c');
    x.send('leave:a');
    await x.until('left:a');
    x.send('rooms');
    await x.until('["b","c"]');
    await bus.publish('a', 'A2');
    await bus.publish(['c', 'b'], 'CB2');
    await bus.publish(['a', 'b', 'c'], 'end2');
    expect((await x.until('end2')).slice(8)).toEqual(['CB2', 'end2']);
    expect((await z.until('end2')).slice(2)).toEqual(['CB2', 'end2']);
  });
});

describe('close codes from profile.closeCodes', () => {
  it("closes a Fiko refusal with the profile's 1008; Medmapp's profile gives 4001; a fault's explicit code wins", async () => {
    rig = await startRig({ profile: fiko, endpoints: [rigEndpoint('conversations'), rigEndpoint('chat')], bus: new LocalBus(), closeCodeOf: closeCodes(profileCloseTable(fiko)) });
    expect(await refusal(`${rig.wsUrl}/ws/conversations/`)).toEqual({ code: 1008 });
    expect(await refusal(`${rig.wsUrl}/ws/chat/1/?token=bad`)).toEqual({ code: 1008 });
    expect(await refusal(`${rig.wsUrl}/ws/chat/1/?token=fault`)).toEqual({ code: 4500 });
    // Fiko names no bad-path code: the error table's default.
    expect(await refusal(`${rig.wsUrl}/ws/chat/?token=ok`)).toEqual({ code: 4000 });
  });

  it('reads each profile: the table, a variant over it, and an error no profile names', () => {
    expect(profileCloseTable(fiko)).toEqual({ AUTH_MISSING: 1008, TOKEN_INVALID: 1008, TOKEN_EXPIRED: 1008, TOKEN_WRONG_TYPE: 1008, FORBIDDEN_ROOM: 1008, UNKNOWN_ROOM: 1008 });
    const medmapp = closeCodes(profileCloseTable(loadProfile('medmapp')));
    expect(medmapp(new ServerError('AUTH_MISSING'))).toBe(4001);
    expect(medmapp(new ServerError('UNKNOWN_ROOM'))).toBe(4003);
    const varied = closeCodes(profileCloseTable(fiko), { UNKNOWN_ROOM: 4404 });
    expect(varied(new ServerError('UNKNOWN_ROOM'))).toBe(4404);
    expect(varied(new ServerError('UNKNOWN_ROOM', { close: 4004 }))).toBe(4004);
    expect(varied(new ServerError('SLOW_CONSUMER'))).toBe(1013);
    const twice = { id: 'fiko' as const, closeCodes: { '1008': { name: 'x', meaning: 'x', for: ['auth-missing'] as ['auth-missing'] }, '4001': { name: 'y', meaning: 'y', for: ['auth-missing'] as ['auth-missing'] } } };
    expect(() => profileCloseTable(twice)).toThrow(/both name 'auth-missing'/);
  });
});
