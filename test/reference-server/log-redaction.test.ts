// Issue 11, finding 4: a secret must not reach a log line through a percent-encoded parameter name
// (`?%76isitor=` is `?visitor=` to URLSearchParams), nor anywhere by value once the server issued it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeUrl } from '../../reference-server/log.ts';
import { api, connect, type Harness } from './probe.ts';
import { fixtureRoom, fixtureVisitor, start, startRoom } from './carinfopro/probe.ts';

let h: Harness;
beforeAll(async () => {
  h = await start();
});
afterAll(async () => {
  await h.server.close();
});

describe('log redaction by decoded name', () => {
  it('?%76isitor=<token> on the history endpoint is served and the log hides the token', async () => {
    const token = fixtureVisitor(h.server);
    const res = await api(h.server, 'GET', `/api/chat/rooms/${fixtureRoom(h.server)}/messages/?%76isitor=${token}`);
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(h.capture.events('http').length).toBeGreaterThan(0);
    expect(h.capture.text()).not.toContain(token);
  });

  it('?%76isitor=<token> on the socket opens it and the log hides the token', async () => {
    const { room_id: room, visitor_token: token } = await startRoom(h.server);
    const client = connect(h.server, `/ws/chat/${room}/?%76isitor=${token}`, { validateFrames: false });
    expect(await client.admission()).toBe('admitted');
    client.close();
    await client.closed;
    expect(h.capture.events('ws-open').length).toBeGreaterThan(0);
    expect(h.capture.text()).not.toContain(token);
  });

  it.each(['%74oken', 'TOKEN', '%61ccess', 'pass%77ord', 'visitor%5B%5D'])('?%s=… is redacted', (name) => {
    expect(safeUrl(`/x/?${name}=s3cr3t-value-1234&page=2`)).toBe(`/x/?${name}=[redacted]&page=2`);
  });

  it('a percent-encoded JWT under any name is redacted', () => {
    expect(safeUrl('/x/?q=%65yJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoxfQ.c2ln')).toBe('/x/?q=[redacted]');
  });
});

describe('log redaction by value', () => {
  it('a visitor token the server issued is redacted under any parameter name, and in the path', async () => {
    const { visitor_token: token } = await startRoom(h.server);
    await api(h.server, 'GET', `/api/chat/rooms/?q=${token}`);
    await api(h.server, 'GET', `/api/${token}/`);
    await api(h.server, 'GET', `/api/x/?q=${token.toUpperCase()}`);
    await new Promise((r) => setTimeout(r, 50));
    expect(h.capture.text().toLowerCase()).not.toContain(token.toLowerCase());
  });
});
