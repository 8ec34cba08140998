// The serve banner: a target file is mentioned only when --target-out wrote one; it names the token
// lifetime, the refresh endpoint and the CORS origins.
import { stripVTControlCharacters as plainText } from 'node:util';
import { describe, expect, it } from 'vitest';
import { banner } from '../../cli/serve.ts';
import { startServer } from '../../reference-server/index.ts';
import { DEFAULT_CORS } from '../../reference-server/cors.ts';

describe('serve banner', () => {
  it.each(['medmapp', 'carinfopro'] as const)('%s: no target file without --target-out, the file named with it', async (profile) => {
    const server = await startServer({ profile, port: 0, logger: false });
    try {
      const plain = banner(server, [], undefined, { cors: DEFAULT_CORS, accessTtlSeconds: 300 });
      expect(plain).not.toMatch(/target/i);
      expect(plain).toContain('access tokens live 300 s (--access-ttl); refresh: POST');
      expect(plain).toContain('CORS       http://localhost:*, http://127.0.0.1:* (--cors)');
      const written = banner(server, [], 'my-target.json', { accessTtlSeconds: 60 });
      expect(written).toContain('target file written to my-target.json');
      expect(written).toContain('CORS       off (--cors)');
      if (profile === 'carinfopro') expect(written).toContain('visitor     token in my-target.json');
    } finally {
      await server.close();
    }
  });

  it("lists every socket of the profile by name (Fiko has two), a single socket unnamed", async () => {
    const server = await startServer({ profile: 'medmapp', port: 0, logger: false });
    try {
      // CI turns colours on (picocolors reads CI): compare the text.
      const one = plainText(banner(server, []));
      expect(one).toContain(`  WebSocket  ${server.wsUrl}/ws/chat/{id}/?token={access}`);
      const fiko = { ...server, target: { ...server.target, profile: 'fiko' as const, users: {}, fixtures: {} } };
      const lines = plainText(banner(fiko, [])).split('\n');
      const at = lines.findIndex((l) => l.startsWith('  WebSocket  '));
      expect(lines.slice(at, at + 2)).toEqual([
        `  WebSocket  conversations: ${server.wsUrl}/ws/conversations/?token={access}`,
        `             chat: ${server.wsUrl}/ws/chat/{id}/?token={access}`,
      ]);
    } finally {
      await server.close();
    }
  });
});
