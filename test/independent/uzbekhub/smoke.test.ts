import { describe, it, expect } from 'vitest';
import { WebSocket } from 'ws';
import { start } from './server.ts';

describe('uzbekhub independent server: smoke', () => {
  it('signs in, lists messages over REST and round-trips a chat_message over WebSocket', async () => {
    const srv = await start({ port: 0 });
    try {
      const target = srv.target as {
        wsUrl: string;
        users: Record<string, { credentials: Record<string, string>; id: number }>;
        fixtures: { room: string; privateRoom: string };
      };

      // sign in (Accounts item 3)
      const login = await fetch(`${srv.baseUrl}/api/accounts/auth/signin/`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(target.users.member.credentials),
      });
      expect(login.status).toBe(200);
      const lj = (await login.json()) as { status: boolean; email: string; token: { access: string; refresh: string } };
      expect(lj.status).toBe(true);
      expect(typeof lj.token.access).toBe('string');
      expect(typeof lj.token.refresh).toBe('string');
      const access = lj.token.access;

      // one REST call: history of the fixture room (limit/offset pagination)
      const list = await fetch(`${srv.baseUrl}/api/chat/message/${target.fixtures.room}/list_by_room/?limit=20&offset=0`, {
        headers: { Authorization: `Bearer ${access}` },
      });
      expect(list.status).toBe(200);
      const page = (await list.json()) as { count: number; next: string | null; previous: null; results: unknown[] };
      expect(page.count).toBeGreaterThan(120);
      expect(page.results).toHaveLength(20);
      expect(page.next).toMatch(/limit=20&offset=20$/);
      expect(page.previous).toBeNull();

      // no token -> documented 401 body
      const anon = await fetch(`${srv.baseUrl}/api/chat/rooms/`);
      expect(anon.status).toBe(401);
      expect(await anon.json()).toEqual({ detail: 'Authentication credentials were not provided.' });

      // one WebSocket round trip
      const ws = new WebSocket(`${target.wsUrl}/ws/chat/${target.fixtures.room}/`, {
        headers: { Authorization: `Bearer ${access}` },
      });
      const frame = await new Promise<Record<string, unknown>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no frame')), 2000);
        ws.on('error', reject);
        ws.on('open', () => ws.send(JSON.stringify({ type: 'chat_message', message: 'Hello!', reply_to: null, files: [] })));
        ws.on('message', (d) => {
          clearTimeout(timer);
          resolve(JSON.parse(String(d)));
        });
      });
      expect(frame.type).toBe('chat_message');
      expect(frame.message).toBe('Hello!');
      expect(frame.text).toBe('Hello!');
      expect((frame.sender as { id: number }).id).toBe(target.users.member.id);
      ws.close();
    } finally {
      await srv.close();
    }
  }, 5000);
});

describe('uzbekhub independent server: accounts, posts, stories', () => {
  it('signs up, reads the code from the dev hook, verifies, signs in, posts and likes, archives a story', async () => {
    const srv = await start({ port: 0 });
    const B = srv.baseUrl;
    const json = async (method: string, path: string, body?: unknown, token?: string) => {
      const headers: Record<string, string> = {};
      if (token) headers.Authorization = `Bearer ${token}`;
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const r = await fetch(`${B}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await r.text();
      return { status: r.status, body: text ? JSON.parse(text) : null, headers: r.headers };
    };
    try {
      const target = srv.target as {
        users: Record<string, { credentials: Record<string, string>; id: number }>;
        hooks: { emailCode: { http: { method: string; path: string; value: string } }; archiveStory: { http: { method: string; path: string } } };
        throttles: Record<string, string>;
      };
      expect(Object.keys(target.throttles).sort()).toEqual(['email_verify', 'forget_password', 'new_password', 'profile_search', 'public_profile']);
      expect(target.users.staff.id).toBeTypeOf('number');

      // sign up -> emailed code (dev hook) -> verify -> sign in
      const email = 'smoke.user@example.com';
      const su = await json('POST', '/api/accounts/auth/signup/', { email, password: 'securePassword123', confirm_password: 'securePassword123' });
      expect(su.status).toBe(201);
      expect(su.body).toEqual({ status: true, user: email });
      const early = await json('POST', '/api/accounts/auth/signin/', { email, password: 'securePassword123' });
      expect(early.status).toBe(401); // not verified yet
      const hook = target.hooks.emailCode.http;
      const mail = await json(hook.method, hook.path.replace('{email}', encodeURIComponent(email)));
      expect(mail.status).toBe(200);
      const code = mail.body[hook.value] as string;
      expect(code).toMatch(/^\d{5}$/);
      const ver = await json('POST', '/api/accounts/auth/email-verify/', { code });
      expect(ver).toMatchObject({ status: 200, body: { message: 'User is successfully activated' } });
      const si = await json('POST', '/api/accounts/auth/signin/', { email, password: 'securePassword123' });
      expect(si.status).toBe(200);
      expect(si.body).toMatchObject({ status: true, email });
      const token = si.body.token.access as string;
      const me = await json('GET', '/api/accounts/account/profile/', undefined, token);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ email, is_active: true, is_staff: false, location: null, status: null });

      // a post (multipart) and a like from another user
      const fd = new FormData();
      fd.append('content', 'This is my new post!');
      const post = await fetch(`${B}/api/posts/post/`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: fd });
      expect(post.status).toBe(201);
      const p = (await post.json()) as { id: string; like_count: number; is_edited: boolean; owner: { id: number } };
      expect(p).toMatchObject({ like_count: 0, is_edited: false, owner: { id: me.body.id } });
      const other = (await json('POST', '/api/accounts/auth/signin/', target.users.member.credentials)).body.token.access as string;
      const like = await json('POST', '/api/posts/like/', { post: p.id }, other);
      expect(like.status).toBe(201);
      expect(like.body).toMatchObject({ post: p.id, owner: { id: target.users.member.id } });
      expect((await json('POST', '/api/posts/like/', { post: p.id }, other)).status).toBe(400);
      const detail = await json('GET', `/api/posts/post/${p.id}/`, undefined, token);
      expect(detail.body.like_count).toBe(1);
      const likes = await json('GET', `/api/posts/${p.id}/likes/`, undefined, token);
      expect(likes.body).toHaveLength(1);

      // a story, archived through the dev hook
      const sf = new FormData();
      sf.append('caption', 'Beautiful sunset!');
      sf.append('media', new Blob([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16])], { type: 'image/jpeg' }), 'story.jpg');
      const st = await fetch(`${B}/api/stories/active/`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: sf });
      expect(st.status).toBe(201);
      const story = (await st.json()) as { id: number; audience: string; is_active: boolean };
      expect(story).toMatchObject({ audience: 'public', is_active: true });
      const ah = target.hooks.archiveStory.http;
      expect((await json(ah.method, ah.path.replace('{story}', String(story.id)))).status).toBe(200);
      expect((await json('GET', `/api/stories/active/${story.id}/`, undefined, token)).status).toBe(404);
      const arch = await json('GET', '/api/stories/archive/', undefined, token);
      expect(arch.body).toMatchObject([{ id: story.id, is_active: false }]);

      // staff only admin list
      expect((await json('GET', '/api/accounts/admin/user/', undefined, token)).status).toBe(403);
      const staff = (await json('POST', '/api/accounts/auth/signin/', target.users.staff.credentials)).body.token.access as string;
      const all = await json('GET', '/api/accounts/admin/user/', undefined, staff);
      expect(all.status).toBe(200);
      expect(all.body.length).toBeGreaterThanOrEqual(6);

      // a throttled scope answers 429 in the documented shape once its limit is used up
      const limit = parseInt(target.throttles.email_verify, 10);
      for (let i = 0; i < limit; i++) await json('POST', '/api/accounts/auth/email-verify/', { code: '00000' });
      const t = await json('POST', '/api/accounts/auth/email-verify/', { code: '00000' });
      expect(t.status).toBe(429);
      expect(t.body).toEqual({ message: 'Request was throttled', wait_seconds: expect.any(Number) });
    } finally {
      await srv.close();
    }
  }, 15000);
});
