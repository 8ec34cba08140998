// CarInfoPro helpers over the shared raw probes (../probe.ts): a self-checking carinfopro server, owner
// logins, starts, and sockets whose every frame is checked against the carinfopro schemas.
import { expect } from 'vitest';
import type { RunningServer, ServerOptions } from '../../../reference-server/index.ts';
import { api, connect, expectSchema, start as startAny, type Client, type Harness } from '../probe.ts';

export function start(opts: Partial<ServerOptions> = {}): Promise<Harness> {
  return startAny({ profile: 'carinfopro', ...opts });
}

export type Owner = 'owner' | 'other_owner';

export async function login(server: RunningServer, role: Owner = 'owner'): Promise<{ access: string; refresh: string }> {
  const res = await api(server, 'POST', '/api/token/', { body: server.target.users[role]!.credentials, schema: 'carinfopro/token-response' });
  expect(res.status).toBe(200);
  return res.json;
}

export const ownerId = (server: RunningServer, role: Owner = 'owner') => String(server.target.users[role]!.id);
export const fixtureRoom = (server: RunningServer) => String(server.target.fixtures!.room);
export const fixtureVisitor = (server: RunningServer) => server.target.users.visitor!.token!;

export async function startRoom(server: RunningServer, body: Record<string, unknown> = {}): Promise<{ room_id: string; visitor_token: string; ws_path: string }> {
  const res = await api(server, 'POST', '/api/chat/start/', { body: { user_id: ownerId(server), ...body }, schema: 'carinfopro/chat-start-response' });
  expect(res.status).toBe(201);
  return res.json;
}

/** Schema of an outgoing frame, told apart by its keys (D-carinfopro-14). */
export const frameSchema = (frame: object) => ('id' in frame ? 'carinfopro/ws-out-message' : 'carinfopro/ws-out-error');

/** A socket whose every frame is validated against the carinfopro schema of its kind. */
export function socket(server: RunningServer, room: string, query: string): Client {
  const client = connect(server, `/ws/chat/${room}/${query}`, { validateFrames: false });
  client.ws.on('message', (data) => {
    const frame = JSON.parse(String(data));
    expectSchema(frameSchema(frame), frame);
  });
  return client;
}

/** A socket the server admitted (open after a ping/pong round trip), else the test fails with what happened. */
export async function open(server: RunningServer, room: string, query: string): Promise<Client> {
  const client = socket(server, room, query);
  expect(await client.admission()).toBe('admitted');
  return client;
}

export const isMessage = (f: any) => typeof f.id === 'string' && 'message' in f;
export const isError = (f: any) => typeof f.error === 'string';
