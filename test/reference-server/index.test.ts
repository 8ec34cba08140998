// startServer's contract: the target file, fault names, log hygiene and graceful shutdown.
import { PassThrough } from 'node:stream';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { validate } from '../../core/schemas.ts';
import { FAULTS, startServer } from '../../reference-server/index.ts';
import { api, connect, connectOpen, login, start } from './probe.ts';

describe('startServer', () => {
  it('describes itself with a valid target file, including an expired token', async () => {
    const { server } = await start();
    try {
      expect(validate('meta/target', server.target).errors).toEqual([]);
      expect(server.target).toMatchObject({
        profile: 'medmapp',
        baseUrl: server.baseUrl,
        wsUrl: server.wsUrl,
        fixtures: { conversation: 1 },
        users: {
          patient: { id: 10, credentials: { phone: '+998901234567' } },
          operator: { id: 2, credentials: { phone: '+998901111111' } },
          outsider: { id: 12, credentials: { phone: '+998902222222' } },
        },
      });
      expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(server.target.users.patient!.expiredToken).toMatch(/^eyJ/);
    } finally {
      await server.close();
    }
  });

  it('accepts every fault name of the table, and refuses an unknown one listing the valid names', async () => {
    const names = FAULTS.medmapp!.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const f of FAULTS.medmapp!) expect(f.check).toMatch(/^medmapp-[a-z]+-\d\d$/);
    const server = await startServer({ profile: 'medmapp', logger: false, faults: names });
    await server.close();
    await expect(startServer({ profile: 'medmapp', logger: false, faults: ['no-such-fault'] })).rejects.toThrow(/no-such-fault.*valid names: login-no-refresh/);
  });

  it('never writes a token or a password to the log', async () => {
    const { server, capture } = await start();
    const secrets: string[] = [];
    try {
      const tokens = await login(server, 'patient');
      const operatorTokens = await login(server, 'operator');
      const expired = server.target.users.patient!.expiredToken!;
      secrets.push(tokens.access, tokens.refresh, operatorTokens.access, expired, 'patient-pass', 'operator-pass');
      await api(server, 'POST', '/api/token/', { body: { phone: '+998901234567', password: 'wrong-secret-pw' } });
      await api(server, 'GET', '/api/conversations/', { token: tokens.access });
      await api(server, 'GET', `/api/conversations/?token=${tokens.access}`, { token: tokens.refresh });
      await api(server, 'POST', '/api/token/refresh/', { body: { refresh: tokens.refresh } });
      for (const token of [tokens.access, tokens.refresh, expired, 'garbage-token-123']) {
        const c = connect(server, `/ws/chat/1/?token=${token}`);
        await c.opened;
        c.close();
        await c.closed;
      }
      const refused = connect(server, `/ws/chat/abc/?token=${tokens.access}`);
      await refused.closed;
    } finally {
      await server.close();
    }
    const text = capture.text();
    expect(capture.events('ws-open').length).toBeGreaterThan(0);
    expect(text).toContain('token=[redacted]');
    for (const s of [...secrets, 'wrong-secret-pw', 'garbage-token-123']) expect(text).not.toContain(s);
    expect(text).not.toMatch(/eyJ[\w-]+\./);
  });

  it('closes gracefully: sockets get 1001, in-flight requests finish, then nothing is accepted', async () => {
    const { server } = await start();
    const { access } = await login(server, 'patient');
    const client = await connectOpen(server, access);
    // An in-flight request whose body is still arriving when close() starts.
    const body = new PassThrough();
    const pending = request(`${server.baseUrl}/api/token/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    body.write('{"phone": "+998901234567", ');
    await new Promise((r) => setTimeout(r, 50));
    const closing = server.close();
    expect((await client.closed).code).toBe(1001);
    body.end('"password": "patient-pass"}');
    const res = await pending;
    expect(res.statusCode).toBe(200);
    expect(((await res.body.json()) as { access: string }).access).toBeTruthy();
    await closing;
    await expect(request(`${server.baseUrl}/api/conversations/`)).rejects.toThrow();
  });
});
