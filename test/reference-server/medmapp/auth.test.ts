// §1 of document 000 and D-medmapp-14: SimpleJWT-shaped login, refresh and Bearer authentication.
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, credentials, login, start, type Harness } from '../probe.ts';

let h: Harness;
beforeAll(async () => {
  h = await start({ accessTtlSeconds: 120 });
});
afterAll(async () => {
  await h.server.close();
  expect(h.capture.events('schema-violation')).toEqual([]);
});

describe('POST /api/token/', () => {
  it('returns HS256 access and refresh tokens with SimpleJWT claims', async () => {
    const { access, refresh } = await login(h.server, 'patient');
    const a = decodeJwt(access);
    const r = decodeJwt(refresh);
    expect(a).toMatchObject({ token_type: 'access', user_id: 10 });
    expect(r).toMatchObject({ token_type: 'refresh', user_id: 10 });
    expect(a.exp! - Math.floor(Date.now() / 1000)).toBeGreaterThan(100);
    expect(a.exp! - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(120);
    expect(a.jti).toMatch(/^[0-9a-f]{32}$/);
    expect(a.jti).not.toBe(r.jti);
  });

  it('refuses a wrong password with 401 and the SimpleJWT message', async () => {
    const res = await api(h.server, 'POST', '/api/token/', { body: { ...credentials(h.server, 'patient'), password: 'wrong' }, schema: 'medmapp/error-detail' });
    expect(res.status).toBe(401);
    expect(res.json.detail).toBe('No active account found with the given credentials');
  });

  it('answers missing fields with DRF 400', async () => {
    const res = await api(h.server, 'POST', '/api/token/', { body: { phone: '+998901234567' }, schema: 'medmapp/error-validation' });
    expect(res).toMatchObject({ status: 400, json: { password: ['This field is required.'] } });
  });

  it('accepts a form-encoded body too, as DRF does', async () => {
    const { phone, password } = credentials(h.server, 'operator');
    const res = await api(h.server, 'POST', '/api/token/', {
      body: new URLSearchParams({ phone, password }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      schema: 'medmapp/token-response',
    });
    expect(res.status).toBe(200);
  });
});

describe('POST /api/token/refresh/', () => {
  it('trades a refresh token for a new access token that works', async () => {
    const { refresh } = await login(h.server, 'patient');
    const res = await api(h.server, 'POST', '/api/token/refresh/', { body: { refresh }, schema: 'medmapp/token-refresh-response' });
    expect(res.status).toBe(200);
    const list = await api(h.server, 'GET', '/api/conversations/', { token: res.json.access });
    expect(list.status).toBe(200);
  });

  it('refuses an access token or garbage with 401', async () => {
    const { access } = await login(h.server, 'patient');
    for (const refresh of [access, 'garbage']) {
      const res = await api(h.server, 'POST', '/api/token/refresh/', { body: { refresh }, schema: 'medmapp/error-detail' });
      expect(res.status).toBe(401);
    }
  });
});

describe('Bearer authentication on REST', () => {
  it.each([
    ['no Authorization header', undefined],
    ['a garbage token', 'garbage'],
    ['a refresh token', 'refresh'],
    ['an expired token', 'expired'],
  ])('answers %s with 401 {"detail"}', async (_name, kind) => {
    const tokens = await login(h.server, 'patient');
    const token = kind === 'refresh' ? tokens.refresh : kind === 'expired' ? h.server.target.users.patient!.expiredToken : kind;
    const res = await api(h.server, 'GET', '/api/conversations/', { token, schema: 'medmapp/error-detail' });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  });
});
