// Document 004's accounts on the reference server, where the checks do not look: the outbox and its
// purposes, Google's dev-only token (D-uzbekhub-50), the throttle's window and body, my profile's location
// and status, the staff fixture, and what a deleted account leaves behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, start, type Harness } from '../probe.ts';

let h: Harness;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  h = await start({ profile: 'uzbekhub' });
  for (const role of ['owner', 'member', 'outsider', 'staff']) {
    const res = await api(h.server, 'POST', '/api/accounts/auth/signin/', { body: h.server.target.users[role]!.credentials, schema: 'uzbekhub/signin-response' });
    tokens[role] = res.json.token.access;
  }
});
afterAll(() => h.server.close());

const outbox = async (email: string) => (await api(h.server, 'GET', `/_chatconform/outbox/?email=${encodeURIComponent(email)}`)).json;
let seq = 0;

/** Signs up, verifies and signs in a fresh account. */
async function account(): Promise<{ email: string; token: string; id: number }> {
  const email = `acct${++seq}-${Date.now()}@example.test`;
  expect((await api(h.server, 'POST', '/api/accounts/auth/signup/', { body: { email, password: 'password-1', confirm_password: 'password-1' }, schema: 'uzbekhub/signup-response' })).status).toBe(201);
  const mail = await outbox(email);
  expect(mail).toMatchObject({ email, purpose: 'signup' });
  expect(mail.code).toMatch(/^\d{5}$/);
  expect((await api(h.server, 'POST', '/api/accounts/auth/email-verify/', { body: { code: mail.code } })).status).toBe(200);
  const signin = await api(h.server, 'POST', '/api/accounts/auth/signin/', { body: { email, password: 'password-1' } });
  const token = signin.json.token.access as string;
  const me = await api(h.server, 'GET', '/api/accounts/account/profile/', { token, schema: 'uzbekhub/profile-response' });
  return { email, token, id: me.json.id };
}

describe('the target file', () => {
  it('names the staff user, the emailCode hook on the outbox, and a limit for each of the five scopes', () => {
    const t = h.server.target;
    expect(t.users.staff?.id).toBe(5);
    expect(t.hooks?.emailCode).toEqual({ http: { method: 'GET', path: '/_chatconform/outbox/?email={email}', value: 'code' } });
    expect(t.throttles).toEqual({ email_verify: '30/min', forget_password: '30/min', new_password: '30/min', profile_search: '30/min', public_profile: '30/min' });
  });
});

describe('codes and links by email', () => {
  it('the outbox has nothing for an address never mailed (404); a used code is refused', async () => {
    expect((await api(h.server, 'GET', '/_chatconform/outbox/?email=nobody@example.test')).status).toBe(404);
    const email = `reuse-${Date.now()}@example.test`;
    await api(h.server, 'POST', '/api/accounts/auth/signup/', { body: { email, password: 'password-1', confirm_password: 'password-1' } });
    const { code } = await outbox(email);
    expect((await api(h.server, 'POST', '/api/accounts/auth/email-verify/', { body: { code } })).status).toBe(200);
    expect((await api(h.server, 'POST', '/api/accounts/auth/email-verify/', { body: { code } })).status).toBe(400);
  });

  it('a reset link is mailed as the code with purpose "reset"; forgot-password for an unknown address answers the same 200', async () => {
    const a = await account();
    const ok = await api(h.server, 'POST', '/api/accounts/auth/forgot-password/', { body: { email: a.email } });
    const unknown = await api(h.server, 'POST', '/api/accounts/auth/forgot-password/', { body: { email: 'ghost@example.test' } });
    expect([ok.status, unknown.status]).toEqual([200, 200]);
    expect(unknown.json).toEqual(ok.json);
    const mail = await outbox(a.email);
    expect(mail.purpose).toBe('reset');
    expect(mail.code).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('Google login (D-uzbekhub-50)', () => {
  it('takes `dev:<email>` as a token Google vouches for, and refuses anything else with 400', async () => {
    const ok = await api(h.server, 'POST', '/api/accounts/auth/oauth2/google/', { body: { token: 'dev:google-user@example.test' }, schema: 'uzbekhub/google-oauth-response' });
    expect(ok.status).toBe(200);
    const me = await api(h.server, 'GET', '/api/accounts/account/profile/', { token: ok.json.access });
    expect(me.json.email).toBe('google-user@example.test');
    const bad = await api(h.server, 'POST', '/api/accounts/auth/oauth2/google/', { body: { token: 'ya29.made-up' }, schema: 'uzbekhub/error-bad-request' });
    expect(bad.status).toBe(400);
  });
});

describe('my profile and the records it shows', () => {
  it('shows my location (Tashkent named, without owner) and my status (without user)', async () => {
    const a = await account();
    expect((await api(h.server, 'POST', '/api/accounts/account/location/', { token: a.token, body: { lat: '41.2995', long: '69.2401' }, schema: 'uzbekhub/location-response' })).status).toBe(201);
    expect((await api(h.server, 'POST', '/api/accounts/account/status/', { token: a.token, body: { content: 'Busy working' } })).status).toBe(201);
    const me = await api(h.server, 'GET', '/api/accounts/account/profile/', { token: a.token, schema: 'uzbekhub/profile-response' });
    expect(me.json.location).toMatchObject({ country: 'Uzbekistan', city: 'Tashkent', lat: '41.2995' });
    expect(me.json.location.owner).toBeUndefined();
    expect(me.json.status).toMatchObject({ content: 'Busy working' });
    expect(me.json.status.user).toBeUndefined();
  });

  it('a deleted account\'s token answers 401 and its records are gone', async () => {
    const a = await account();
    await api(h.server, 'POST', '/api/accounts/account/contact/', { token: a.token, body: { contact: 1, nikname: 'x' } });
    expect((await api(h.server, 'POST', '/api/accounts/account/delete/', { token: a.token, body: { password: 'password-1' } })).status).toBe(200);
    const { code, purpose } = await outbox(a.email);
    expect(purpose).toBe('delete');
    expect((await api(h.server, 'POST', '/api/accounts/account/delete/confirm/', { token: a.token, body: { code } })).status).toBe(204);
    expect((await api(h.server, 'GET', '/api/accounts/account/profile/', { token: a.token })).status).toBe(401);
    expect((await api(h.server, 'GET', `/api/accounts/account/user/${a.id}/`, { token: tokens.owner })).status).toBe(404);
  });
});

describe('admin (D-uzbekhub-41)', () => {
  it('staff lists every user; anyone else gets 403 {"detail"}', async () => {
    const list = await api(h.server, 'GET', '/api/accounts/admin/user/', { token: tokens.staff, schema: 'uzbekhub/user-list-response' });
    expect(list.json.map((u: { id: number }) => u.id)).toEqual(expect.arrayContaining([1, 2, 3, 4, 5]));
    const refused = await api(h.server, 'GET', '/api/accounts/admin/user/', { token: tokens.member, schema: 'uzbekhub/error-detail' });
    expect(refused.status).toBe(403);
  });
});

describe('throttling (D-uzbekhub-16)', () => {
  it('the 31st public-profile request within a minute is 429 {message, wait_seconds} with Retry-After', async () => {
    const fresh = await start({ profile: 'uzbekhub' });
    try {
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 31; i++) {
        last = await api(fresh.server, 'GET', '/api/accounts/account/profile/member/');
        statuses.push(last.status);
      }
      expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
      expect(last!.status).toBe(429);
      expect(last!.json).toMatchObject({ message: 'Request was throttled' });
      expect(last!.json.wait_seconds).toBeGreaterThan(0);
      expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await fresh.server.close();
    }
  });
});
