// Document 004's chat on the reference server, where the checks do not look: what a transfer leaves the
// old owner, who cannot be removed, a private room nobody joins, the socket's refusals of other people's
// messages and files, uploads de-duplicated per uploader, and the error shape of every status.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { api, start, within, type Harness } from '../probe.ts';

let h: Harness;
const tokens: Record<string, string> = {};
const ids: Record<string, number> = {};
beforeAll(async () => {
  h = await start({ profile: 'uzbekhub' });
  for (const role of ['owner', 'admin', 'member', 'outsider']) {
    const res = await api(h.server, 'POST', '/api/accounts/auth/signin/', { body: h.server.target.users[role]!.credentials, schema: 'uzbekhub/signin-response' });
    tokens[role] = res.json.token.access;
    ids[role] = Number(h.server.target.users[role]!.id);
  }
});
afterAll(() => h.server.close());

const as = (role: string) => ({ authorization: `Bearer ${tokens[role]}` });
const call = (role: string, method: string, path: string, body?: unknown) => api(h.server, method, path, { headers: as(role), ...(body !== undefined ? { body } : {}) });

async function group(members = ['admin', 'member']): Promise<string> {
  const res = await call('owner', 'POST', '/api/chat/rooms/', { room_type: 'group', name: 'Test', members: members.map((r) => ids[r]) });
  expect(res.status).toBe(201);
  return res.json.id;
}

const roles = async (room: string) => Object.fromEntries((await call('owner', 'GET', `/api/chat/members/${room}/list_members/`)).json.map((m: any) => [m.user.id, m.role]));

describe('member operations beyond their role column', () => {
  it('transfer_owner leaves the old owner an admin; nobody removes the owner; a private room cannot be joined', async () => {
    const room = await group();
    expect((await call('owner', 'POST', `/api/chat/members/${room}/transfer_owner/`, { user_id: ids.member })).status).toBe(200);
    expect(await roles(room)).toMatchObject({ [ids.owner!]: 'admin', [ids.member!]: 'owner' });
    const removeOwner = await call('owner', 'POST', `/api/chat/members/${room}/remove_member/`, { user_id: ids.member });
    expect(removeOwner.status).toBe(403);
    expect(removeOwner.json).toEqual({ detail: 'You do not have permission to perform this action.' });
    const priv = String(h.server.target.fixtures!.privateRoom);
    expect((await call('outsider', 'POST', `/api/chat/members/${priv}/join/`)).status).toBe(403);
    expect((await call('member', 'POST', `/api/chat/members/${priv}/join/`)).status).toBe(400);
  });

  it('a private room names exactly one other member; PATCH of a private room is refused', async () => {
    const three = await call('owner', 'POST', '/api/chat/rooms/', { room_type: 'private', members: [ids.admin, ids.member] });
    expect(three.status).toBe(400);
    expect(three.json).toEqual({ error: 'Invalid request data', details: { members: ['A private chat has exactly two members.'] } });
    const priv = String(h.server.target.fixtures!.privateRoom);
    expect((await call('owner', 'PATCH', `/api/chat/rooms/${priv}/`, { name: 'x' })).status).toBe(400);
  });
});

describe('errors in the shape of their status (004 §Error Responses)', () => {
  it('401 {detail}, 403 {detail}, 404 {error}, 400 {error, details}, 405 {detail}', async () => {
    expect(await api(h.server, 'GET', '/api/chat/rooms/')).toMatchObject({ status: 401, json: { detail: 'Authentication credentials were not provided.' } });
    expect(await call('outsider', 'GET', `/api/chat/rooms/${String(h.server.target.fixtures!.room)}/`)).toMatchObject({ status: 403, json: { detail: 'You do not have permission to perform this action.' } });
    expect(await call('owner', 'GET', '/api/chat/rooms/00000000-0000-4000-8000-000000000000/')).toMatchObject({ status: 404, json: { error: 'Resource not found' } });
    expect(await call('owner', 'GET', '/api/posts/post/00000000-0000-4000-8000-000000000000/')).toMatchObject({ status: 404, json: { error: 'Resource not found' } });
    expect(await call('owner', 'POST', '/api/chat/rooms/', { room_type: 'group', members: [ids.member] })).toMatchObject({ status: 400, json: { error: 'Invalid request data', details: { name: ['Group chat requires a name.'] } } });
    expect((await call('owner', 'PUT', '/api/chat/rooms/')).json).toHaveProperty('detail');
  });
});

describe('uploads (§Chat API 18)', () => {
  it('the same bytes are one file per uploader; another uploader gets a file of their own', async () => {
    const upload = async (role: string) => {
      const form = new FormData();
      form.append('file', new Blob(['same bytes'], { type: 'application/pdf' }), 'a.pdf');
      const res = await fetch(`${h.server.baseUrl}/api/chat/files/`, { method: 'POST', headers: as(role), body: form });
      return (await res.json()) as { id: number; unique_id: string; file_type: string };
    };
    const [a, b, c] = [await upload('owner'), await upload('owner'), await upload('member')];
    expect(b.id).toBe(a.id);
    expect(c.id).not.toBe(a.id);
    expect(c.unique_id).toBe(a.unique_id);
    expect(a.file_type).toBe('document');
  });
});

describe('the socket refuses what is not the sender\'s (D-uzbekhub-09)', () => {
  it('another user\'s file, a reply to another room\'s message, and an edit of someone else\'s message get error frames', async () => {
    const room = await group();
    const open = (role: string) => new Promise<{ ws: WebSocket; frames: any[] }>((resolve, reject) => {
      const ws = new WebSocket(`${h.server.wsUrl}/ws/chat/${room}/?token=${tokens[role]}`);
      const frames: any[] = [];
      ws.on('message', (d) => frames.push(JSON.parse(String(d))));
      ws.once('open', () => resolve({ ws, frames }));
      ws.once('error', reject);
    });
    const owner = await within(open('owner'), 5000, 'owner socket');
    const member = await within(open('member'), 5000, 'member socket');
    const next = async (frames: any[], pred: (f: any) => boolean) => {
      for (let i = 0; i < 100; i++) {
        const hit = frames.find(pred);
        if (hit) return hit;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error('no such frame');
    };
    owner.ws.send(JSON.stringify({ type: 'chat_message', message: 'mine', reply_to: null, files: [] }));
    const mine = await next(member.frames, (f) => f.type === 'chat_message' && f.message.text === 'mine');
    member.ws.send(JSON.stringify({ type: 'edit_message', message_id: mine.message.id, message: 'theirs' }));
    expect((await next(member.frames, (f) => f.type === 'error')).error).toBe('Only the sender can edit a message.');
    member.frames.length = 0;
    member.ws.send(JSON.stringify({ type: 'chat_message', message: 'x', reply_to: '00000000-0000-4000-8000-000000000000', files: [] }));
    expect((await next(member.frames, (f) => f.type === 'error')).code).toBe('INVALID_MESSAGE');
    member.frames.length = 0;
    member.ws.send(JSON.stringify({ type: 'chat_message', message: 'x', reply_to: null, files: [987654] }));
    expect((await next(member.frames, (f) => f.type === 'error')).error).toBe('Unknown file id.');
    owner.ws.close();
    member.ws.close();
  });
});
