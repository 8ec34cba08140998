// chatconform fuzz and run --fuzz as a user runs them (bin/chatconform.js in a child process): against a
// server with a fault that crashes on one kind of input, the input is found, reported with a reproduction,
// and no secret reaches stdout or a report; fuzz findings fail `run` only when --fuzz asks.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer, type ChildServer } from '../../fuzz/embedded.ts';
import { parseDuration } from '../../cli/fuzz.ts';

const BIN = fileURLToPath(new URL('../../bin/chatconform.js', import.meta.url));

function cli(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fuzz-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('chatconform fuzz --target-file', () => {
  let server: ChildServer;
  afterAll(async () => {
    await server?.stop();
  });

  it('finds the input that crashes the server, reports it with a reproduction, exits 1, and leaks no secret', async () => {
    server = await startChildServer('medmapp', { faults: ['fuzz-crash-non-string-title'] });
    const targetFile = join(dir, 'target.json');
    await writeFile(targetFile, JSON.stringify(server.target));
    const out = join(dir, 'reports');
    const res = await cli(['fuzz', '--target-file', targetFile, '--seed', '7', '--cases', '1000', '--reporter', 'console,json', '--out', out]);
    expect(res.code, res.out).toBe(1);
    expect(res.out).toMatch(/fuzz medmapp \(seed 7\): \d+ cases, 1 crashes/);
    expect(res.out).toContain('✗ medmapp-fuzz-01');
    expect(res.out).toMatch(/POST \/api\/conversations\/ .*"title":/);
    expect(res.out).toMatch(/chatconform fuzz --target-file \S+ --seed 7 --cases 1000 --case \d+/);
    expect(server.exited()).toBe(true);

    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    const crash = results.checks.find((c: any) => c.id === 'medmapp-fuzz-01');
    expect(crash.status).toBe('fail');
    expect(crash.tags).toContain('fuzz');
    expect(crash.reproduce.join('\n')).toContain('$TOKEN');
    const secrets = Object.values(server.target.users).flatMap((u) => [u.token, u.expiredToken, u.credentials?.password]).filter(Boolean) as string[];
    const everything = `${res.out}\n${await readFile(join(out, 'results.json'), 'utf8')}`;
    for (const s of secrets) expect(everything).not.toContain(s);
    expect(everything).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}\./);
  }, 150_000);

  it('refuses a non-loopback target without --allow-remote (exit 2)', async () => {
    const targetFile = join(dir, 'remote.json');
    await writeFile(targetFile, JSON.stringify({ profile: 'medmapp', baseUrl: 'http://192.0.2.1:8000', users: { patient: { token: 'x' } } }));
    const res = await cli(['fuzz', '--target-file', targetFile, '--cases', '1']);
    expect(res.code).toBe(2);
    expect(res.out).toContain('not a loopback address');
  }, 60_000);

  it('parses --duration', () => {
    expect([parseDuration('90s'), parseDuration('2m'), parseDuration('1500ms'), parseDuration('5')]).toEqual([90_000, 120_000, 1500, 5000]);
    expect(() => parseDuration('soon')).toThrow(/--duration/);
  });
});

describe('chatconform run --fuzz', () => {
  it('fuzz findings do not touch the conformance verdict, unless --fuzz asks', async () => {
    const base = ['run', '--profile', 'medmapp', '--only', 'medmapp-auth-01', '--fault', 'fuzz-crash-non-string-title', '--reporter', 'json'];
    const fuzzed = await cli([...base, '--fuzz', '--out', join(dir, 'fuzzed')]);
    // The conformance verdict passes (exit 0 without --fuzz); the exit 1 is the fuzz session's.
    expect(fuzzed.code, fuzzed.out).toBe(1);
    const conformance = JSON.parse(await readFile(join(dir, 'fuzzed', 'results.json'), 'utf8'));
    expect(conformance.summary.verdict).toBe('pass');
    expect(conformance.checks.some((c: any) => c.tags.includes('fuzz'))).toBe(false);
    const fuzz = JSON.parse(await readFile(join(dir, 'fuzzed', 'fuzz', 'results.json'), 'utf8'));
    expect(fuzz.checks.find((c: any) => c.id === 'medmapp-fuzz-01').status).toBe('fail');
  }, 150_000);
});
