// The variant tables and their CLI: every variant names a real decision of its dialect, names are unique
// and parsed like faults, `serve --list-variants` lists them, `serve --variant` writes a target file
// that says what moved, and `run --variant` refuses a target file (it only shapes the embedded server).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { listVariants } from '../../cli/serve.ts';
import { loadProfile } from '../../core/profiles.ts';
import { parseTarget } from '../../core/target.ts';
import { startServer } from '../../reference-server/index.ts';
import { VARIANTS, parseVariants } from '../../reference-server/variants.ts';
import { SUITES } from '../../suites/index.ts';

const BIN = fileURLToPath(new URL('../../bin/chatconform.js', import.meta.url));
const DECISIONS = readFileSync(new URL('../../schemas/DECISIONS.md', import.meta.url), 'utf8');

describe('variant tables', () => {
  it.each(Object.keys(VARIANTS))('%s: unique names, one-line readings, decisions of this dialect, departed checks that exist', (profile) => {
    const table = VARIANTS[profile]!;
    const names = table.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    const decisions = loadProfile(profile).decisions ?? [];
    const ids = new Set(SUITES[profile]!.checks.map((c) => c.id));
    for (const v of table) {
      expect(v.name, v.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(v.reading, v.name).not.toContain('\n');
      expect(v.reading.length, v.name).toBeGreaterThan(20);
      expect(decisions, v.name).toContain(v.decision);
      expect(DECISIONS, v.name).toContain(`| ${v.decision} |`);
      for (const c of v.departs?.checks ?? []) expect(ids, v.name).toContain(c);
    }
  });

  it('parses like faults: unknown names are an error naming the valid ones; none on means the decided rules', () => {
    expect(() => parseVariants('medmapp', ['no-echo', 'bogus'])).toThrow(/unknown variant 'bogus' for profile medmapp; valid names: unknown-conversation-4000/);
    expect(() => parseVariants('carinfopro', ['history-page-size-10'])).toThrow(/unknown variant/);
    const none = parseVariants('medmapp', []);
    expect([none.size, none.effect, none.rules.historyPageSize, none.rules.startStatus]).toEqual([0, {}, 20, 201]);
    const two = parseVariants('medmapp', ['history-page-size-10', 'no-echo']);
    expect([two.list(), two.rules.historyPageSize, two.effect.noEcho, two.has('no-echo'), two.has('content-trimmed')]).toEqual([
      ['no-echo', 'history-page-size-10'],
      10,
      true,
      true,
      false,
    ]);
  });

  it('--list-variants prints one variant a line: name, reading, decision', () => {
    for (const profile of Object.keys(VARIANTS)) {
      const lines = listVariants(profile).trimEnd().split('\n');
      expect(lines).toHaveLength(VARIANTS[profile]!.length);
      VARIANTS[profile]!.forEach((v, i) => {
        expect(lines[i]!.startsWith(`${v.name} `)).toBe(true);
        expect(lines[i]).toContain(v.reading);
        expect(lines[i]).toContain(`[${v.decision}]`);
      });
    }
  });

  it('the embedded target names every endpoint a variant moved, and validates against the target schema', async () => {
    const server = await startServer({ profile: 'medmapp', logger: false, variants: ['login-elsewhere', 'create-requires-created-by'] });
    try {
      expect(Object.keys(parseTarget(server.target).endpoints ?? {}).sort()).toEqual(['auth.login', 'auth.refresh', 'conversations.create']);
    } finally {
      await server.close();
    }
  });
});

describe('variants on the command line', () => {
  it('serve --variant writes a target file with the moved login, and the banner shows it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'serve-variant-'));
    const targetFile = join(dir, 'target.json');
    const child = spawn(process.execPath, [BIN, 'serve', '--profile', 'carinfopro', '--port', '0', '--target-out', targetFile, '--variant', 'login-elsewhere', '--variant', 'start-200'], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 15_000;
      while (!out.includes('Ctrl-C to stop') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(out).toContain('variants on: login-elsewhere, start-200');
      expect(out).toMatch(/curl -s -X POST http:\/\/127\.0\.0\.1:\d+\/api\/auth\/token\/ .*"phone_number":"owner"/);
      const target = parseTarget(JSON.parse(await readFile(targetFile, 'utf8')));
      expect(target.endpoints?.['auth.login']).toMatchObject({ path: '/api/auth/token/', fields: { username: 'phone_number' } });
      const res = await fetch(`${target.baseUrl}/api/auth/token/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone_number: target.users.owner!.credentials!.username, password: target.users.owner!.credentials!.password }),
      });
      expect(res.status).toBe(200);
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('serve refuses an unknown variant with exit 2', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--variant', 'bogus', '--port', '0']);
    let out = '';
    child.stderr.on('data', (d) => (out += d));
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(2);
    expect(out).toContain("unknown variant 'bogus'");
  });

  it('run: an unknown variant and a variant with a target file are usage errors (2)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'run-variant-'));
    const file = join(dir, 'target.json');
    await writeFile(file, JSON.stringify({ profile: 'medmapp', baseUrl: 'http://127.0.0.1:9', users: { patient: { token: 't' } } }));
    const stderr = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      expect(await main(['node', 'chatconform', 'run', '--profile', 'medmapp', '--variant', 'bogus', '--reporter', 'json', '--out', dir])).toBe(2);
      expect(await main(['node', 'chatconform', 'run', '--target-file', file, '--variant', 'no-echo', '--reporter', 'json', '--out', dir])).toBe(2);
    } finally {
      process.stderr.write = stderr;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
