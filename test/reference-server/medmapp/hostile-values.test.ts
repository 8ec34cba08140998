// Issue 11, finding 3: validators must not call String() on a hostile object (`{"toString": 1}` threw a
// TypeError, answered 500). Every such body is a client error in DRF's field-errors shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login, start, type Harness } from '../probe.ts';

let h: Harness;
let patient: string;
beforeAll(async () => {
  h = await start();
  patient = (await login(h.server, 'patient')).access;
});
afterAll(async () => {
  await h.server.close();
  expect(h.capture.events('schema-violation')).toEqual([]);
});

const HOSTILE = [{ toString: 1 }, { valueOf: 1, toString: 1 }, { toString: { toString: 1 } }, [{ toString: 1 }], Object.create(null)];

describe('hostile JSON values answer 400, never 500', () => {
  it.each(HOSTILE.map((v) => [JSON.stringify(v), v]))('PATCH /api/conversations/1/ {"status": %s}', async (_name, value) => {
    const res = await api(h.server, 'PATCH', '/api/conversations/1/', { token: patient, body: { status: value }, schema: 'medmapp/error-validation' });
    expect(res.status).toBe(400);
    expect(res.json.status[0]).toMatch(/is not a valid choice\.$/);
  });

  it.each(['title', 'patient'])('POST /api/conversations/ {"%s": {"toString": 1}}', async (field) => {
    const res = await api(h.server, 'POST', '/api/conversations/', { token: patient, body: { title: 'ok', [field]: { toString: 1 } }, schema: 'medmapp/error-validation' });
    expect(res.status).toBe(400);
  });

  it.each(['phone', 'password'])('POST /api/token/ {"%s": {"toString": 1}}', async (field) => {
    const body = { phone: '+998901234567', password: 'x', [field]: { toString: 1 } };
    const res = await api(h.server, 'POST', '/api/token/', { body, schema: 'medmapp/error-validation' });
    expect(res.status).toBe(400);
  });

  it('logged no internal error', () => {
    expect(h.capture.events('http-internal')).toEqual([]);
  });
});
