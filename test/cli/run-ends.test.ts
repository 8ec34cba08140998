// Issue 9, observation 8: a run against a target that keeps every connection open must still end. The
// real binary runs as a child process; the bound is measured from results.json's write to the exit.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clingingTarget, type ClingingTarget } from '../support/clinging-target.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const conversation = { id: 1, title: 'held', status: 'active', patient: { id: 1 }, operator: { id: 2 }, unread_count: 0 };

let target: ClingingTarget;
beforeAll(async () => {
  target = await clingingTarget((req) => {
    if (req.method === 'POST') return { status: 201, json: { ...conversation, id: 2 } };
    if (req.url?.startsWith('/api/conversations')) return { status: 200, json: { count: 1, next: null, previous: null, results: [conversation] } };
    return { status: 200, json: {} };
  });
});
afterAll(() => target.close());

interface Ended {
  code: number | null;
  stderr: string;
  /** ms from results.json's last write to the child's exit */
  afterResults: number;
}

function runCli(args: string[], outDir: string, limitMs: number): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/chatconform.js'), 'run', ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += String(c)));
    const kill = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the run was still alive after ${limitMs} ms; stderr: ${stderr}`));
    }, limitMs);
    child.on('exit', (code) => {
      const exitedAt = Date.now();
      clearTimeout(kill);
      const file = join(outDir, 'results.json');
      if (!existsSync(file)) return reject(new Error(`no results.json (exit ${code}); stderr: ${stderr}`));
      resolve({ code, stderr, afterResults: exitedAt - statSync(file).mtimeMs });
    });
  });
}

describe('a run always ends', () => {
  it('exits within 2 s of writing results.json against a target that ignores close frames and holds keep-alive connections', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chatconform-ends-'));
    const file = join(dir, 'target.json');
    writeFileSync(file, JSON.stringify({
      profile: 'medmapp',
      baseUrl: target.url,
      users: { patient: { token: 'held-patient', id: 1 }, operator: { token: 'held-operator', id: 2 }, outsider: { token: 'held-outsider' } },
      fixtures: { conversation: 1 },
    }));
    const out = join(dir, 'out');
    const ended = await runCli(['--target-file', file, '--reporter', 'json', '--out', out, '--timeout', '1500', '--deadline', '60000', '--only', 'medmapp-auth-*', '--only', 'medmapp-access-*', '--only', 'medmapp-msg-*', '--only', 'medmapp-err-*'], out, 90_000);
    // The target really held connections: HTTP keep-alive and sockets whose close handshake never ends.
    expect(target.accepted()).toBeGreaterThan(target.upgrades());
    expect(target.upgrades()).toBeGreaterThan(10);
    expect(ended.code).toBe(1);
    // Closed by the run itself, not by the binary's last-resort exit.
    expect(ended.stderr).not.toMatch(/still open/);
    expect(ended.afterResults).toBeLessThan(2000);
  }, 120_000);
});
