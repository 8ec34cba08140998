// A frontend developer's page on another origin (http://localhost:<port>) logs in to the reference server
// (http://127.0.0.1:<port>), lists its conversations and chats over the socket, in headless Chromium.
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { startServer, type RunningServer } from '../../reference-server/index.ts';
import { DEFAULT_CORS, allowedOrigin, parseCors } from '../../reference-server/cors.ts';

const CHROMIUM = '/usr/bin/chromium';

// The page's script: everything a chat frontend does first. Its outcome lands in window.__result.
const PAGE = `<!doctype html><meta charset="utf-8"><title>frontend</title><script>
window.__result = (async () => {
  const api = new URL(location.href).searchParams.get('api');
  const steps = [];
  try {
    const login = await fetch(api + '/api/token/', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone: '+998901234567', password: 'patient-pass' }) });
    steps.push('login ' + login.status);
    const { access } = await login.json();
    const list = await fetch(api + '/api/conversations/', { headers: { Authorization: 'Bearer ' + access } });
    steps.push('list ' + list.status + ' ' + (await list.json()).count);
    const ws = new WebSocket(api.replace(/^http/, 'ws') + '/ws/chat/1/?token=' + access);
    const echo = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no echo within 5 s')), 5000);
      ws.onopen = () => ws.send(JSON.stringify({ message: 'hello from the browser' }));
      ws.onmessage = (e) => { const f = JSON.parse(e.data); if (f.type === 'chat_message') { clearTimeout(timer); resolve(f.data.content); } };
      ws.onclose = (e) => reject(new Error('closed ' + e.code));
    });
    steps.push('echo ' + echo);
    ws.close();
  } catch (err) {
    steps.push('error ' + err.message);
  }
  return steps;
})();
</script>`;

describe('CORS on the reference server', () => {
  it('parses origins and matches a port wildcard', () => {
    const policy = parseCors(DEFAULT_CORS)!;
    expect(allowedOrigin(policy, 'http://localhost:5173')).toBe('http://localhost:5173');
    expect(allowedOrigin(policy, 'http://localhost.evil.test:80')).toBeUndefined();
    expect(allowedOrigin(policy, 'https://example.test')).toBeUndefined();
    expect(allowedOrigin(parseCors(['*'])!, 'https://example.test')).toBe('*');
    expect(parseCors(['none'])).toBeUndefined();
    expect(() => parseCors(['localhost:3000'])).toThrow(/--cors takes/);
  });

  it('answers a preflight with 204 and the allowed origin, and refuses other origins', async () => {
    const server = await startServer({ profile: 'medmapp', port: 0, logger: false, cors: ['http://localhost:*'] });
    try {
      const preflight = (origin: string) =>
        fetch(`${server.baseUrl}/api/token/`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' } });
      const ok = await preflight('http://localhost:5173');
      expect(ok.status).toBe(204);
      expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect(ok.headers.get('access-control-allow-methods')).toContain('POST');
      expect(ok.headers.get('access-control-allow-headers')).toBe('content-type');
      const other = await preflight('https://evil.test');
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const plain = await fetch(`${server.baseUrl}/api/conversations/`, { headers: { Origin: 'http://localhost:3000' } });
      expect(plain.status).toBe(401);
      expect(plain.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    } finally {
      await server.close();
    }
  });
});

describe('a page on another origin in headless Chromium', { timeout: 60_000 }, () => {
  let browser: Browser;
  let page: Server;
  let pageUrl: string;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: this test needs Debian's chromium package (apt-get install -y chromium)`);
    page = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(PAGE));
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    // "localhost" vs the API's "127.0.0.1": another origin, as a dev server on localhost:5173 is.
    pageUrl = `http://localhost:${(page.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => page?.close(resolve));
  });

  async function visit(server: RunningServer): Promise<string[]> {
    const tab = await browser.newPage();
    try {
      await tab.goto(`${pageUrl}?api=${encodeURIComponent(server.baseUrl)}`);
      return await tab.evaluate(() => (globalThis as unknown as { __result: Promise<string[]> }).__result);
    } finally {
      await tab.close();
    }
  }

  it('logs in, lists conversations and chats over the socket with the default --cors', async () => {
    const server = await startServer({ profile: 'medmapp', port: 0, logger: false, cors: DEFAULT_CORS });
    try {
      expect(await visit(server)).toEqual(['login 200', 'list 200 1', 'echo hello from the browser']);
    } finally {
      await server.close();
    }
  });

  it('is blocked by the browser without CORS (what frontend developers hit before)', async () => {
    const server = await startServer({ profile: 'medmapp', port: 0, logger: false });
    try {
      const steps = await visit(server);
      expect(steps).toEqual([expect.stringMatching(/^error Failed to fetch/)]);
    } finally {
      await server.close();
    }
  });
});
