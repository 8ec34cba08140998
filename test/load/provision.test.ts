// Issue 9, observation 10: provisioning judges answers as the checks do (a documented body with any 2xx is
// a success) and, when it refuses one, says what was actually missing.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadProfile } from '../../core/profiles.ts';
import { parseTarget } from '../../core/target.ts';
import { ProvisionError, judge, provisionerFor, roomSocketPath } from '../../load/provision.ts';
import { startServer, type RunningServer } from '../../reference-server/index.ts';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function provisionAgainst(profile: 'medmapp' | 'carinfopro', faults: string[], variants: string[] = []) {
  server = await startServer({ profile, port: 0, faults, variants, logger: false });
  const target = parseTarget(server.target, 'embedded reference server');
  return (await provisionerFor(profile)).provision({ profile: loadProfile(profile), target, rooms: 2, members: 2 });
}

describe('load provisioning judges like the checks', () => {
  it('a CarInfoPro start answering 200 with room_id and visitor_token provisions its rooms', async () => {
    const p = await provisionAgainst('carinfopro', ['start-status-200']);
    expect(p.rooms).toHaveLength(2);
    expect(p.rooms[0]!.members[0]!.url).toMatch(/\?visitor=/);
  });

  it('a Medmapp create answering 200 with the conversation provisions its rooms', async () => {
    const p = await provisionAgainst('medmapp', [], ['create-200']);
    expect(p.rooms).toHaveLength(2);
  });

  it('names what was missing, not every field', async () => {
    const http = createServer((_req, res) => res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ room_id: 'r-1', visitor_token: 42 })));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    try {
      const target = parseTarget({ profile: 'carinfopro', baseUrl, users: { owner: { token: 'owner-token', id: 'o-1' } } }, 'test');
      const err = await (await provisionerFor('carinfopro')).provision({ profile: loadProfile('carinfopro'), target, rooms: 1, members: 2 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProvisionError);
      expect((err as Error).message).toMatch(/starting room 1: answered 201: visitor_token is number, not string/);
      expect((err as Error).message.split('; body')[0]).not.toContain('room_id');
    } finally {
      await new Promise((resolve) => http.close(resolve));
    }
  });

  it('judge(): any 2xx with the fields passes; a non-2xx says so; a token in the body is not printed', () => {
    expect(judge({ status: 200, body: { room_id: 'r', visitor_token: 'v' } }, { room_id: ['string'], visitor_token: ['string'] })).toBeUndefined();
    expect(judge({ status: 204, body: { id: 3 } }, { id: ['number', 'string'] })).toBeUndefined();
    expect(judge({ status: 201, body: { visitor_token: 'secret-visitor' } }, { room_id: ['string'], visitor_token: ['string'] })).toMatch(/^answered 201: no room_id; body \{"visitor_token":"\[redacted\]"\}$/);
    expect(judge({ status: 400, body: { user_id: ['bad'] } }, { room_id: ['string'] })).toMatch(/^answered 400 \(not a 2xx\): no room_id; body \{"user_id":\["bad"\]\}$/);
  });

  it("load rooms name the socket they connect to (Fiko's chat, not its first socket)", () => {
    expect(Object.keys(loadProfile('fiko').ws)[0]).toBe('conversations');
    expect(roomSocketPath(loadProfile('fiko'), 'chat')).toBe('/ws/chat/{id}/');
    expect(() => roomSocketPath(loadProfile('medmapp'), 'conversations')).toThrow(ProvisionError);
  });
});
