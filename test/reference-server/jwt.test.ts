// Issue 11, finding 7: a correctly signed token without `exp` is not a SimpleJWT token (SimpleJWT always
// sets and checks exp); REST answers 401 and the socket closes 4001.
import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Jwt } from '../../reference-server/jwt.ts';
import { api, connect, start, type Harness } from './probe.ts';

const secret = randomBytes(32);
let h: Harness;
beforeAll(async () => {
  h = await start({ jwtSecret: secret });
});
afterAll(async () => {
  await h.server.close();
});

function withoutExp(userId: number): Promise<string> {
  return new SignJWT({ token_type: 'access', user_id: userId, jti: randomUUID() })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .sign(secret);
}

describe('a signed access token without exp', () => {
  it('is refused by Jwt.verify', async () => {
    await expect(new Jwt({ secret }).verify(await withoutExp(10))).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it('answers 401 on REST', async () => {
    const res = await api(h.server, 'GET', '/api/conversations/', { token: await withoutExp(10), schema: 'medmapp/error-detail' });
    expect(res.status).toBe(401);
  });

  it('closes the socket with 4001', async () => {
    const client = connect(h.server, `/ws/chat/1/?token=${await withoutExp(10)}`, { validateFrames: false });
    const closed = await Promise.race([client.closed, new Promise<{ code: number }>((r) => setTimeout(() => r({ code: -1 }), 5000))]);
    client.ws.terminate();
    expect(closed.code).toBe(4001);
  });

  it('while the same token with exp is accepted (the test signs correctly)', async () => {
    const token = await new SignJWT({ token_type: 'access', user_id: 10, jti: randomUUID() })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(secret);
    expect((await api(h.server, 'GET', '/api/conversations/', { token })).status).toBe(200);
  });
});
