// Issue 11, findings 1, 2 and 5: requests that used to kill the process or got a body-less 400. The server
// runs in a child process, so a crash fails the test (connection refused afterwards) instead of the runner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validate } from '../../core/schemas.ts';
import { rawExchange, startChild, type ChildServer } from './child.ts';

const BAD_TARGETS = ['//', '///', '//@', '/\\', '//[::1', '//%'];
const PROFILES = ['medmapp', 'carinfopro'] as const;

/** Status and parsed JSON body of a raw HTTP/1.1 response. */
function parse(raw: string): { status: number; headers: string; body: unknown } {
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
  let body: unknown;
  try {
    body = JSON.parse(rest.join('\r\n\r\n'));
  } catch {
    body = undefined;
  }
  return { status, headers: head, body };
}

/** One server per profile for each block, so that a crash in one block does not fail the others. */
function childServers(): Map<string, ChildServer> {
  const servers = new Map<string, ChildServer>();
  beforeAll(async () => {
    await Promise.all(PROFILES.map(async (p) => servers.set(p, await startChild(p))));
  }, 60_000);
  afterAll(async () => {
    await Promise.all([...servers.values()].map((s) => s.stop()));
  });
  return servers;
}

describe('a request target `new URL` rejects (finding 1)', () => {
  const servers = childServers();
  describe.each(PROFILES)('%s', (profile) => {
  it.each(BAD_TARGETS)('GET %s answers with the dialect error shape and the server lives', async (target) => {
    const s = servers.get(profile)!;
    const res = parse(await rawExchange(s.port, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    expect(await s.alive(), s.output().slice(-1500)).toBe(true);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(validate(`${profile}/error-detail`, res.body).errors).toEqual([]);
  });

  it.each(BAD_TARGETS)('an upgrade to %s is refused with a 4xx and the server lives', async (target) => {
    const s = servers.get(profile)!;
    const raw = await rawExchange(
      s.port,
      `GET ${target} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    expect(await s.alive(), s.output().slice(-1500)).toBe(true);
    const res = parse(raw);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
  });
});

describe('oversized request heads (finding 5)', () => {
  const servers = childServers();
  describe.each(PROFILES)('%s', (profile) => {
  it('a 100 KB header answers 431 with the dialect error shape', async () => {
    const s = servers.get(profile)!;
    const res = parse(await rawExchange(s.port, `GET /api/token/ HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`));
    expect(res.status).toBe(431);
    expect(res.headers).toMatch(/content-type: application\/json/i);
    expect(validate(`${profile}/error-detail`, res.body).errors).toEqual([]);
  });

  it('a query over 16 KB answers 414 with the dialect error shape', async () => {
    const s = servers.get(profile)!;
    const res = parse(await rawExchange(s.port, `GET /api/token/?q=${'a'.repeat(17_000)} HTTP/1.1\r\nHost: x\r\n\r\n`));
    expect(res.status).toBe(414);
    expect(validate(`${profile}/error-detail`, res.body).errors).toEqual([]);
  });

  it('a 10 KB query (under the head limit, over the request-line limit) answers 414 too', async () => {
    const s = servers.get(profile)!;
    const res = parse(await rawExchange(s.port, `GET /api/token/?q=${'a'.repeat(10_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    expect(res.status).toBe(414);
    expect(validate(`${profile}/error-detail`, res.body).errors).toEqual([]);
  });
  });
});

describe('medmapp: a multipart upload cut short (finding 2)', () => {
  const servers = childServers();
  it('answers 400 in the DRF field-errors shape and the server lives', async () => {
    const s = servers.get('medmapp')!;
    const login = await fetch(`${s.target.baseUrl}/api/token/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(s.target.users.patient!.credentials),
    });
    const { access } = (await login.json()) as { access: string };
    const body = '--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello wor';
    const raw = await rawExchange(
      s.port,
      `POST /api/conversations/1/upload_file/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${access}\r\n` +
        `Content-Type: multipart/form-data; boundary=b\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(await s.alive(), s.output().slice(-1500)).toBe(true);
    const res = parse(raw);
    expect(res.status).toBe(400);
    expect(validate('medmapp/error-validation', res.body).errors).toEqual([]);
    expect(res.body).toHaveProperty('file');
  });
});
