// The care chat's load rooms (document 002): one chat per patient/professional pair of the target's users
// (at most five), sockets alternating the pair's sides, half of them authenticated by an Authorization
// header; every socket's credential is accepted by the reference server, by query and by header alike.
// Fiko's rooms are the agent's conversations. Without --rooms, a target allowing fewer rooms gets all it allows.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadProfile } from '../../core/profiles.ts';
import { parseTarget } from '../../core/target.ts';
import { ProvisionError, provisionerFor } from '../../load/provision.ts';
import { startServer, type RunningServer } from '../../reference-server/index.ts';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function provision(rooms: number, members: number, upTo = false, profile = 'carechat') {
  server = await startServer({ profile: profile as 'carechat', port: 0, logger: false });
  const target = parseTarget(server.target, 'embedded reference server');
  return (await provisionerFor(profile)).provision({ profile: loadProfile(profile), target, rooms, members, upTo });
}

/** Opens the member's socket and answers how it ended: 'open', or the close code. */
function admitted(member: { url: string; headers?: Record<string, string> }): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(member.url, { headers: member.headers ?? {}, handshakeTimeout: 5000 });
    let timer: NodeJS.Timeout | undefined;
    ws.on('open', () => {
      timer = setTimeout(() => {
        ws.close();
        resolve('open');
      }, 200);
    });
    ws.on('close', (code) => {
      clearTimeout(timer);
      resolve(timer ? 'open' : String(code));
    });
    ws.on('error', () => resolve('error'));
  });
}

describe('carechat load provisioning', () => {
  it('five pairs make five chats, half the sockets by header, every socket admitted', async () => {
    const p = await provision(5, 4);
    expect(new Set(p.rooms.map((r) => r.id)).size).toBe(5);
    const members = p.rooms.flatMap((r) => r.members);
    const byHeader = members.filter((m) => m.headers?.Authorization?.startsWith('Bearer '));
    expect(byHeader).toHaveLength(members.length / 2);
    for (const m of byHeader) expect(new URL(m.url).searchParams.has('token')).toBe(false);
    for (const m of members.filter((x) => !x.headers)) expect(new URL(m.url).searchParams.get('token')).toMatch(/^eyJ/);
    expect(await Promise.all(members.map(admitted))).toEqual(members.map(() => 'open'));
    expect(p.send.template).toEqual({ content: '$PAYLOAD' });
    expect(p.receive).toEqual({ path: 'message.content', echo: true });
  });

  it('more rooms than pairs is a ProvisionError that says how many there can be', async () => {
    const err = await provision(6, 2).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProvisionError);
    expect((err as Error).message).toMatch(/at most 5 chats/);
  });

  it('as a default (no --rooms), 10 rooms are as many as the pairs allow', async () => {
    const p = await provision(10, 2, true);
    expect(p.rooms).toHaveLength(5);
  });
});

describe('fiko load provisioning', () => {
  it("the agent's conversations are the rooms: asking for more is an error, a default takes them all", async () => {
    const err = await provision(10, 2, false, 'fiko').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProvisionError);
    expect((err as Error).message).toMatch(/^the agent has 3 conversations, fewer than the 10 rooms asked for/);
    await server?.close();
    const p = await provision(10, 2, true, 'fiko');
    expect(p.rooms.map((r) => r.id)).toHaveLength(3);
    expect(p.rooms.every((r) => r.listeners?.length === 1)).toBe(true);
  });
});

describe('uzbekhub load provisioning', () => {
  it('group rooms of the owner with the other three users, created through the REST API; every socket admitted', async () => {
    const p = await provision(3, 5, false, 'uzbekhub');
    expect(new Set(p.rooms.map((r) => r.id)).size).toBe(3);
    const members = p.rooms.flatMap((r) => r.members);
    expect(members).toHaveLength(15);
    expect(members.slice(0, 5).map((m) => m.label.split('#')[0])).toEqual(['owner', 'admin', 'member', 'outsider', 'owner']);
    expect(await Promise.all(members.map(admitted))).toEqual(members.map(() => 'open'));
    expect(p.send.template).toEqual({ type: 'chat_message', message: '$PAYLOAD', reply_to: null, files: [] });
    expect(p.receive).toMatchObject({ path: 'message.text', echo: true });
  });
});
