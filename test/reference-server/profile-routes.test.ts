// Routes come from the profile by operation name: a declaration names the operation, the profile gives its
// method and path (RFC 6570 level-1 template). Every documented operation of a served dialect is routed.
import { afterEach, describe, expect, it } from 'vitest';
import { expandPath, loadProfile } from '../../core/profiles.ts';
import { SERVED_PROFILES, startServer, type RunningServer } from '../../reference-server/index.ts';
import { resolveRoutes, templatePattern } from '../../reference-server/routes.ts';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const handler = async () => ({ status: 204 });

describe('routes from the profile', () => {
  it('turns a level-1 template into a matcher with named variables, trailing slash optional', () => {
    const p = templatePattern('/api/conversations/{id}/messages/');
    expect(p.exec('/api/conversations/7/messages/')?.groups).toEqual({ id: '7' });
    expect(p.test('/api/conversations/7/messages')).toBe(true);
    expect(p.test('/api/conversations/7/x/messages/')).toBe(false);
    expect(p.test('/api/conversations//messages/')).toBe(false);
    expect(templatePattern('/api/a.b/{reset_link}/').exec('/api/a.b/xyz/')?.groups).toEqual({ reset_link: 'xyz' });
    expect(templatePattern('/api/a.b/{x}/').test('/api/aXb/1/')).toBe(false);
  });

  it("takes method and path from the profile's operation; an undocumented route keeps its pattern; an unknown op throws", () => {
    const profile = loadProfile('medmapp');
    const [update, login, moved, media] = resolveRoutes(profile, [
      { op: 'conversations.update', handler },
      { op: 'auth.login', handler },
      { op: 'auth.refresh', path: '/api/auth/refresh/', handler },
      { method: 'GET', pattern: /^\/media\/(?<path>.+)$/, undocumented: 'media', handler },
    ]);
    expect(update).toMatchObject({ op: 'conversations.update', method: 'PATCH' });
    expect(update!.pattern.exec('/api/conversations/3/')?.groups).toEqual({ id: '3' });
    expect(login).toMatchObject({ op: 'auth.login', method: 'POST' });
    expect(login!.pattern.test(profile.auth.login!.path)).toBe(true);
    expect(moved!.pattern.test('/api/auth/refresh/')).toBe(true);
    expect(moved!.pattern.test(profile.auth.refresh!.path)).toBe(false);
    expect(media).toMatchObject({ method: 'GET', pattern: /^\/media\/(?<path>.+)$/ });
    expect(media!.op).toBeUndefined();
    expect(() => resolveRoutes(profile, [{ op: 'conversations.delete', handler }])).toThrow(/medmapp has no operation 'conversations.delete'/);
  });

  // Without credentials a routed operation answers 401 or 400 (or serves); an unrouted one 404 or 405.
  it.each(SERVED_PROFILES)('%s routes every operation its profile documents at its method and path', async (id) => {
    server = await startServer({ profile: id as 'medmapp', port: 0, logger: false });
    const profile = loadProfile(id);
    const ops: Record<string, { method: string; path: string }> = { ...profile.rest, ...(profile.auth.login ? { 'auth.login': profile.auth.login } : {}), ...(profile.auth.refresh ? { 'auth.refresh': profile.auth.refresh } : {}) };
    const answers: Record<string, number> = {};
    for (const [op, spec] of Object.entries(ops)) {
      const path = expandPath(spec.path, { id: profile.ids.room === 'integer' ? 1 : '00000000-0000-4000-8000-000000000000', key: 'a', username: 'owner', distance: '5.0', reset_link: 'x' });
      const res = await fetch(`${server.baseUrl}${path}`, { method: spec.method, headers: { 'content-type': 'application/json' }, body: spec.method === 'GET' ? undefined : '{}' });
      await res.arrayBuffer();
      answers[op] = res.status;
    }
    // A path parameter naming nothing (a reset link) may answer 404 from its handler: the route table says which are routed.
    expect(Object.keys(profile.rest).filter((op) => !server!.operations!.includes(op))).toEqual([]);
    expect(Object.entries(answers).filter(([op, status]) => status === 405 || (status === 404 && !/\{(?!id\})/.test(ops[op]!.path))), JSON.stringify(answers)).toEqual([]);
  });

  it('a variant that unroutes an operation removes the route that names it', async () => {
    server = await startServer({ profile: 'medmapp', port: 0, logger: false, variants: ['status-not-changeable'] });
    const res = await fetch(`${server.baseUrl}/api/conversations/1/`, { method: 'PATCH', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
  });
});
