// §2 of document 000 (conversations, history, mark_as_read) and D-medmapp-02 status changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connectOpen, login, start, type Harness } from '../probe.ts';

let h: Harness;
let patient: string;
let operator: string;
let outsider: string;

beforeAll(async () => {
  h = await start();
  [patient, operator, outsider] = (await Promise.all([login(h.server, 'patient'), login(h.server, 'operator'), login(h.server, 'outsider')])).map((t) => t.access) as [string, string, string];
});

afterAll(async () => {
  await h.server.close();
  expect(h.capture.events('schema-violation')).toEqual([]);
});

const history = (page: string | number, token = patient) =>
  api(h.server, 'GET', `/api/conversations/1/messages/${page === '' ? '' : `?page=${page}`}`, { token });

describe('GET /api/conversations/{id}/messages/ (§2.3, D-medmapp-09/10)', () => {
  it('walks 3 pages of 20 by the next links: oldest first, no gap, no duplicate', async () => {
    const seen: number[] = [];
    let path: string | null = '/api/conversations/1/messages/';
    const links: (string | null)[][] = [];
    while (path) {
      const res = await api(h.server, 'GET', path, { token: patient, schema: 'medmapp/message-page-response' });
      expect(res.status).toBe(200);
      expect(res.json.count).toBe(45);
      links.push([res.json.previous, res.json.next]);
      seen.push(...res.json.results.map((m: { id: number }) => m.id));
      path = res.json.next;
    }
    expect(links).toEqual([
      [null, '/api/conversations/1/messages/?page=2'],
      ['/api/conversations/1/messages/', '/api/conversations/1/messages/?page=3'],
      ['/api/conversations/1/messages/?page=2', null],
    ]);
    expect(seen).toHaveLength(45);
    expect(new Set(seen).size).toBe(45);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('returns the same page for ?page=1 and no page, and the last page for ?page=last', async () => {
    expect((await history(1)).json).toEqual((await history('')).json);
    expect((await history('last')).json).toEqual((await history(3)).json);
  });

  it.each(['4', '0', '-1', 'abc', '1.5', '99999999999'])('answers ?page=%s with DRF 404 {"detail": "Invalid page."}', async (page) => {
    const res = await history(page);
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ detail: 'Invalid page.' });
  });

  it('serves the full message shape with sender role and attachments', async () => {
    const res = await history(1);
    expect(res.json.results[0]).toMatchObject({ id: 1, sender: { id: 10, full_name: 'Ali Valiyev', role: 'patient' }, type: 'text', attachments: [] });
    expect(res.json.results[1].sender).toEqual({ id: 2, full_name: 'Dr. Komil', role: 'operator' });
  });
});

describe('conversations (§2.1, §2.2, D-medmapp-01/17/20)', () => {
  it('lists only the caller’s conversations with unread_count', async () => {
    const mine = await api(h.server, 'GET', '/api/conversations/', { token: patient, schema: 'medmapp/conversation-list-response' });
    expect(mine.json.results.map((c: { id: number }) => c.id)).toEqual([1]);
    expect(mine.json.results[0]).toMatchObject({ title: 'Suhbat #1', status: 'in_progress', patient: { id: 10, phone: '+998901234567' }, operator: { id: 2 } });
    const theirs = await api(h.server, 'GET', '/api/conversations/', { token: outsider, schema: 'medmapp/conversation-list-response' });
    expect(theirs.json.results.map((c: { id: number }) => c.id)).not.toContain(1);
  });

  it('answers 404 to a non-participant and for unknown or malformed ids', async () => {
    for (const path of ['/api/conversations/1/messages/', '/api/conversations/1/', '/api/conversations/999/messages/', '/api/conversations/abc/messages/']) {
      const res = await api(h.server, 'GET', path, { token: outsider, schema: 'medmapp/error-detail' });
      expect(res.status, path).toBe(404);
    }
    const res = await api(h.server, 'POST', '/api/conversations/1/mark_as_read/', { token: outsider });
    expect(res.status).toBe(404);
  });

  it('creates a conversation: 201 for a patient (operator null, status new) and for an operator', async () => {
    const byPatient = await api(h.server, 'POST', '/api/conversations/', { token: patient, body: { title: "Bosh og'rig'i" }, schema: 'medmapp/conversation-create-response' });
    expect(byPatient.status).toBe(201);
    expect(byPatient.json).toMatchObject({ title: "Bosh og'rig'i", patient: { id: 10 }, operator: null, status: 'new', unread_count: 0, last_message_at: null });
    const byOperator = await api(h.server, 'POST', '/api/conversations/', { token: operator, body: { patient: 10, title: 'Konsultatsiya' }, schema: 'medmapp/conversation-create-response' });
    expect(byOperator.status).toBe(201);
    expect(byOperator.json).toMatchObject({ patient: { id: 10 }, operator: { id: 2 }, status: 'in_progress' });
  });

  it.each([
    [{}, 'title'],
    [{ title: '' }, 'title'],
    [{ title: '   ' }, 'title'],
    [{ title: 5 }, 'title'],
    [{ title: 'x', patient: 12 }, 'patient'],
    [{ title: 'x', patient: 'ten' }, 'patient'],
    ['[1]', 'non_field_errors'],
    ['{not json', 'non_field_errors'],
  ])('refuses %j with DRF 400 {field: [messages]}', async (body, field) => {
    const res = await api(h.server, 'POST', '/api/conversations/', { token: patient, body, schema: 'medmapp/error-validation' });
    expect(res.status).toBe(400);
    expect(Object.keys(res.json)).toEqual([field]);
  });

  it('requires `patient` when an operator creates one', async () => {
    const res = await api(h.server, 'POST', '/api/conversations/', { token: operator, body: { title: 'x' }, schema: 'medmapp/error-validation' });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ patient: ['This field is required.'] });
  });

  it('broadcasts status_update when a participant PATCHes the status (D-medmapp-02)', async () => {
    const created = await api(h.server, 'POST', '/api/conversations/', { token: operator, body: { patient: 10, title: 'Status' } });
    const id = created.json.id;
    const p = await connectOpen(h.server, patient, id);
    const res = await api(h.server, 'PATCH', `/api/conversations/${id}/`, { token: operator, body: { status: 'closed' }, schema: 'medmapp/conversation' });
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('closed');
    const [frame] = await p.waitFor((f) => f.type === 'status_update');
    expect(frame).toEqual({ type: 'status_update', data: { conversation_id: id, status: 'closed', is_active: true } });
    const bad = await api(h.server, 'PATCH', `/api/conversations/${id}/`, { token: operator, body: { status: 'done' }, schema: 'medmapp/error-validation' });
    expect(bad.status).toBe(400);
    expect((await api(h.server, 'PATCH', `/api/conversations/${id}/`, { token: outsider, body: { status: 'new' } })).status).toBe(404);
    p.close();
  });
});

describe('POST /api/conversations/{id}/mark_as_read/ (§2.4, D-medmapp-11)', () => {
  it('zeroes unread_count and sets is_read_by_recipient on the other side’s messages', async () => {
    const list = async () => (await api(h.server, 'GET', '/api/conversations/', { token: patient })).json.results.find((c: { id: number }) => c.id === 1);
    const unread = (await list()).unread_count;
    expect(unread).toBeGreaterThanOrEqual(3);
    const lastPage = async () => (await history('last')).json.results as { sender: { id: number }; is_read_by_recipient: boolean }[];
    expect((await lastPage()).filter((m) => m.sender.id === 2 && !m.is_read_by_recipient).length).toBeGreaterThan(0);

    const res = await api(h.server, 'POST', '/api/conversations/1/mark_as_read/', { token: patient, schema: 'medmapp/mark-as-read-response' });
    expect(res).toMatchObject({ status: 200, json: { marked: unread } });
    expect((await list()).unread_count).toBe(0);
    expect((await lastPage()).filter((m) => m.sender.id === 2).every((m) => m.is_read_by_recipient)).toBe(true);
    // The patient's own messages stay unread by the operator until the operator marks them.
    expect((await lastPage()).some((m) => m.sender.id === 10 && !m.is_read_by_recipient)).toBe(true);
    const again = await api(h.server, 'POST', '/api/conversations/1/mark_as_read/', { token: patient });
    expect(again.json).toEqual({ marked: 0 });
  });
});

describe('REST errors (D-medmapp-16)', () => {
  it('answers unknown paths with 404 JSON', async () => {
    const res = await api(h.server, 'GET', '/api/nothing-here/', { token: patient, schema: 'medmapp/error-detail' });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });

  it('answers a wrong method with 405 and Allow', async () => {
    const res = await api(h.server, 'DELETE', '/api/conversations/', { token: patient, schema: 'medmapp/error-detail' });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, POST');
  });
});
