// Each fault switch changes exactly the behaviour it names (a sample per area; the conformance suites
// prove the full table against their checks).
import { afterEach, describe, expect, it } from 'vitest';
import { api, connect, connectOpen, login, quiet, start, type Harness } from './probe.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.server.close();
  h = undefined;
});

const withFault = async (...faults: string[]) => (h = await start({ faults }));

describe('fault switches', () => {
  it('ws-no-token-wrong-code closes 1008', async () => {
    const { server } = await withFault('ws-no-token-wrong-code');
    expect((await connect(server, '/ws/chat/1/').closed).code).toBe(1008);
  });

  it('ws-reject-handshake-403 refuses the upgrade with HTTP 403', async () => {
    const { server } = await withFault('ws-reject-handshake-403');
    const client = connect(server, '/ws/chat/1/?token=garbage');
    expect(await client.opened).toBe(false);
    expect((await client.closed).httpStatus).toBe(403);
  });

  it('ws-accepts-expired-token and ws-accepts-refresh-token let those tokens in', async () => {
    const { server } = await withFault('ws-accepts-expired-token', 'ws-accepts-refresh-token');
    const { refresh } = await login(server, 'patient');
    for (const token of [server.target.users.patient!.expiredToken!, refresh]) {
      const c = await connectOpen(server, token);
      c.close();
    }
  });

  it('ws-unknown-conversation-wrong-code and ws-malformed-id-wrong-code send 4004 and 4500', async () => {
    const { server } = await withFault('ws-unknown-conversation-wrong-code', 'ws-malformed-id-wrong-code');
    const { access } = await login(server, 'patient');
    expect((await connect(server, `/ws/chat/999/?token=${access}`).closed).code).toBe(4004);
    expect((await connect(server, `/ws/chat/abc/?token=${access}`).closed).code).toBe(4500);
  });

  it('no-echo-to-sender and reorder-broadcast change who gets what, in which order', async () => {
    const { server } = await withFault('no-echo-to-sender');
    const [p, o] = await Promise.all([login(server, 'patient'), login(server, 'operator')]);
    const ps = await connectOpen(server, p.access);
    const os = await connectOpen(server, o.access);
    ps.send({ message: 'one' });
    await os.waitFor((f) => f.type === 'chat_message');
    await quiet();
    expect(ps.frames).toEqual([]);
    await h!.server.close();

    const { server: s2 } = (h = await start({ faults: ['reorder-broadcast'] }));
    const p2 = await connectOpen(s2, (await login(s2, 'patient')).access);
    for (const m of ['1', '2', '3']) p2.send({ message: m });
    const got = await p2.waitFor((f) => f.type === 'chat_message', 3);
    expect(got.map((f) => f.data.content)).toEqual(['1', '3', '2']);
  });

  it('rate-limit-false-positive refuses the 5th message of a second', async () => {
    const { server } = await withFault('rate-limit-false-positive');
    const p = await connectOpen(server, (await login(server, 'patient')).access);
    for (let i = 0; i < 5; i++) p.send({ message: `m${i}` });
    await p.waitFor((f) => f.code === 'RATE_LIMIT_EXCEEDED');
    expect(p.frames.filter((f) => f.type === 'chat_message')).toHaveLength(4);
  });

  it('rest-errors-not-json answers 401 and 404 with HTML', async () => {
    const { server } = await withFault('rest-errors-not-json');
    const res = await api(server, 'GET', '/api/conversations/');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.json).toBeUndefined();
  });

  it('page-overlap and next-link-off-by-one break the pagination promises', async () => {
    const { server } = await withFault('page-overlap', 'next-link-off-by-one');
    const { access } = await login(server, 'patient');
    const p1 = await api(server, 'GET', '/api/conversations/1/messages/', { token: access });
    const p2 = await api(server, 'GET', '/api/conversations/1/messages/?page=2', { token: access });
    expect(p1.json.next).toBe('/api/conversations/1/messages/?page=3');
    expect(p2.json.results[0].id).toBe(p1.json.results.at(-1).id);
  });

  it('timestamps-not-iso sends epoch seconds, and selfCheck logs the schema violation', async () => {
    const { server, capture } = await withFault('timestamps-not-iso');
    const { access } = await login(server, 'patient');
    const res = await api(server, 'GET', '/api/conversations/1/messages/', { token: access });
    expect(typeof res.json.results[0].created_at).toBe('number');
    expect(capture.events('schema-violation')[0]).toMatchObject({ schema: 'medmapp/message-page-response' });
  });

  it('read-flag-not-updated zeroes unread_count but leaves the flags', async () => {
    const { server } = await withFault('read-flag-not-updated');
    const { access } = await login(server, 'patient');
    await api(server, 'POST', '/api/conversations/1/mark_as_read/', { token: access });
    const list = await api(server, 'GET', '/api/conversations/', { token: access });
    expect(list.json.results[0].unread_count).toBe(0);
    const last = await api(server, 'GET', '/api/conversations/1/messages/?page=last', { token: access });
    expect(last.json.results.filter((m: any) => m.sender.id === 2 && !m.is_read_by_recipient).length).toBeGreaterThan(0);
  });

  it('close-after-error closes 4000 after an error frame', async () => {
    const { server } = await withFault('close-after-error');
    const p = await connectOpen(server, (await login(server, 'patient')).access);
    p.send('not json');
    expect((await p.closed).code).toBe(4000);
    expect(p.frames[0]).toMatchObject({ type: 'error', code: 'INVALID_JSON' });
  });
});
