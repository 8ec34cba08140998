// Each fault switch changes exactly the behaviour it names (a sample per area; the conformance suites
// prove the full table against their checks). faultTest also runs each body with each of its faults off,
// where it must fail.
import { describe, expect } from 'vitest';
import { faultTest } from './fault-proof.ts';
import { api, connect, connectOpen, login, quiet, within } from './probe.ts';

describe('fault switches', () => {
  faultTest('ws-no-token-wrong-code closes 1008', ['ws-no-token-wrong-code'], async ({ server }) => {
    expect((await within(connect(server, '/ws/chat/1/').closed, 5000, 'the close')).code).toBe(1008);
  });

  faultTest('ws-reject-handshake-403 refuses the upgrade with HTTP 403', ['ws-reject-handshake-403'], async ({ server }) => {
    const client = connect(server, '/ws/chat/1/?token=garbage');
    expect(await within(client.opened, 5000, 'the handshake')).toBe(false);
    expect((await within(client.closed, 5000, 'the close')).httpStatus).toBe(403);
  });

  faultTest('ws-accepts-expired-token and ws-accepts-refresh-token let those tokens in', ['ws-accepts-expired-token', 'ws-accepts-refresh-token'], async ({ server }) => {
    const { refresh } = await login(server, 'patient');
    for (const token of [server.target.users.patient!.expiredToken!, refresh]) {
      const c = await connectOpen(server, token);
      c.close();
    }
  });

  faultTest('ws-unknown-conversation-wrong-code and ws-malformed-id-wrong-code send 4004 and 4500', ['ws-unknown-conversation-wrong-code', 'ws-malformed-id-wrong-code'], async ({ server }) => {
    const { access } = await login(server, 'patient');
    expect((await within(connect(server, `/ws/chat/999/?token=${access}`).closed, 5000, 'the close')).code).toBe(4004);
    expect((await within(connect(server, `/ws/chat/abc/?token=${access}`).closed, 5000, 'the close')).code).toBe(4500);
  });

  faultTest('no-echo-to-sender sends the sender nothing', ['no-echo-to-sender'], async ({ server }) => {
    const [p, o] = await Promise.all([login(server, 'patient'), login(server, 'operator')]);
    const ps = await connectOpen(server, p.access);
    const os = await connectOpen(server, o.access);
    ps.send({ message: 'one' });
    await os.waitFor((f) => f.type === 'chat_message');
    await quiet();
    expect(ps.frames).toEqual([]);
  });

  faultTest('reorder-broadcast swaps the 2nd and 3rd message', ['reorder-broadcast'], async ({ server }) => {
    const p = await connectOpen(server, (await login(server, 'patient')).access);
    for (const m of ['1', '2', '3']) p.send({ message: m });
    const got = await p.waitFor((f) => f.type === 'chat_message', 3);
    expect(got.map((f) => f.data.content)).toEqual(['1', '3', '2']);
  });

  faultTest('rate-limit-false-positive refuses the 5th message of a second', ['rate-limit-false-positive'], async ({ server }) => {
    const p = await connectOpen(server, (await login(server, 'patient')).access);
    for (let i = 0; i < 5; i++) p.send({ message: `m${i}` });
    await p.waitFor((f) => f.code === 'RATE_LIMIT_EXCEEDED');
    expect(p.frames.filter((f) => f.type === 'chat_message')).toHaveLength(4);
  });

  faultTest('rest-errors-not-json answers 401 and 404 with HTML', ['rest-errors-not-json'], async ({ server }) => {
    const res = await api(server, 'GET', '/api/conversations/');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.json).toBeUndefined();
  });

  faultTest('page-overlap and next-link-off-by-one break the pagination promises', ['page-overlap', 'next-link-off-by-one'], async ({ server }) => {
    const { access } = await login(server, 'patient');
    const p1 = await api(server, 'GET', '/api/conversations/1/messages/', { token: access });
    const p2 = await api(server, 'GET', '/api/conversations/1/messages/?page=2', { token: access });
    expect(p1.json.next).toBe('/api/conversations/1/messages/?page=3');
    expect(p2.json.results[0].id).toBe(p1.json.results.at(-1).id);
  });

  faultTest('timestamps-not-iso sends epoch seconds, and selfCheck logs the schema violation', ['timestamps-not-iso'], async ({ server, capture }) => {
    const { access } = await login(server, 'patient');
    const res = await api(server, 'GET', '/api/conversations/1/messages/', { token: access });
    expect(typeof res.json.results[0].created_at).toBe('number');
    expect(capture.events('schema-violation')[0]).toMatchObject({ schema: 'medmapp/message-page-response' });
  });

  faultTest('read-flag-not-updated zeroes unread_count but leaves the flags', ['read-flag-not-updated'], async ({ server }) => {
    const { access } = await login(server, 'patient');
    await api(server, 'POST', '/api/conversations/1/mark_as_read/', { token: access });
    const list = await api(server, 'GET', '/api/conversations/', { token: access });
    expect(list.json.results[0].unread_count).toBe(0);
    const last = await api(server, 'GET', '/api/conversations/1/messages/?page=last', { token: access });
    expect(last.json.results.filter((m: any) => m.sender.id === 2 && !m.is_read_by_recipient).length).toBeGreaterThan(0);
  });

  faultTest('close-after-error closes 4000 after an error frame', ['close-after-error'], async ({ server }) => {
    const p = await connectOpen(server, (await login(server, 'patient')).access);
    p.send('not json');
    expect((await within(p.closed, 3000, 'the close')).code).toBe(4000);
    expect(p.frames[0]).toMatchObject({ type: 'error', code: 'INVALID_JSON' });
  });
});
