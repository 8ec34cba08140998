// Adding a dialect costs its own folders and one manifest entry: a throwaway dialect, scaffolded into a copy
// of this repository from medmapp's folders, is served, listed, checked and provisioned without any other
// shared file being touched.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rewrite, scaffold } from '../../tools/new-dialect.ts';

const repo = join(import.meta.dirname, '..', '..');
const copy = mkdtempSync(join(tmpdir(), 'chatconform-new-dialect-'));
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.test', '-c', 'user.name=t', ...args], { cwd: copy, encoding: 'utf8' });
const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/chatconform.js', ...args], { cwd: copy, encoding: 'utf8', timeout: 120_000 });

describe('rewrite', () => {
  it("renames the dialect's own name, never schema names, type paths, decisions or longer words", () => {
    const text = "id: 'medmapp-auth-01', profile: 'medmapp', schema 'medmapp/message', '../../generated/types/medmapp/x.ts', D-medmapp-07, medmappSocket";
    expect(rewrite(text, 'medmapp', 'demo')).toBe("id: 'demo-auth-01', profile: 'demo', schema 'medmapp/message', '../../generated/types/medmapp/x.ts', D-medmapp-07, medmappSocket");
  });
});

describe('a throwaway dialect through the manifest alone', () => {
  let status: string[] = [];

  beforeAll(() => {
    const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: repo, encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const f of files) {
      mkdirSync(dirname(join(copy, f)), { recursive: true });
      try {
        copyFileSync(join(repo, f), join(copy, f));
      } catch {
        // a tracked file deleted in the working tree
      }
    }
    symlinkSync(join(repo, 'node_modules'), join(copy, 'node_modules'));
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'before');
    const done = scaffold(copy, 'demo', 'medmapp');
    expect(done.edited).toEqual(['dialects.ts']);
    status = git('status', '--porcelain', '--untracked-files=all').split('\n').filter(Boolean);
  }, 120_000);

  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('creates files only in its own folders and edits no shared file but the manifest', () => {
    const edited = status.filter((l) => !l.startsWith('??')).map((l) => l.slice(3));
    const created = status.filter((l) => l.startsWith('??')).map((l) => l.slice(3));
    expect(edited).toEqual(['dialects.ts']);
    expect(created.length).toBeGreaterThan(5);
    for (const f of created) expect(f).toMatch(/^(reference-server|suites|load|schemas)\/demo\//);
    expect(created).toContain('schemas/demo/profile.json');
    expect(git('diff', 'dialects.ts')).toMatch(/\+ {2}demo: \{\n\+ {4}doc: '000',\n\+ {4}server: \(\) => import\('\.\/reference-server\/demo\/index\.ts'\)/);
  });

  it('type-checks', () => {
    const tsc = spawnSync(process.execPath, [join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', '.'], { cwd: copy, encoding: 'utf8', timeout: 240_000 });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 300_000);

  it('is a profile choice, served with its faults, and listed with its checks', () => {
    const faults = cli('serve', '--profile', 'demo', '--list-faults');
    expect(faults.stderr).toBe('');
    expect(faults.stdout).toMatch(/\[demo-auth-01\]/);
    const list = cli('list', '--profile', 'demo');
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/demo-auth-01/);
    expect(list.stdout).toMatch(/demo-msg-01/);
  }, 180_000);

  it('runs its checks against its embedded reference server, and fails under its faults', () => {
    const pass = cli('run', '--profile', 'demo', '--only', 'demo-auth-01,demo-msg-01', '--reporter', 'console');
    expect(pass.stdout).toMatch(/demo-auth-01/);
    expect(pass.status).toBe(0);
    const fail = cli('run', '--profile', 'demo', '--only', 'demo-auth-01', '--fault', 'login-no-refresh', '--reporter', 'console');
    expect(fail.status).toBe(1);
  }, 180_000);

  it('provisions load rooms on it', () => {
    const script = `
      const { startEmbedded } = await import('./index.ts');
      const { provisionerFor } = await import('./load/provision.ts');
      const { loadProfile } = await import('./core/profiles.ts');
      const s = await startEmbedded({ profile: 'demo' });
      const p = await (await provisionerFor('demo')).provision({ profile: loadProfile('demo'), target: { ...s.target, wsUrl: s.target.wsUrl }, rooms: 2, members: 2 });
      console.log(JSON.stringify({ rooms: p.rooms.length, members: p.rooms.map((r) => r.members.length) }));
      await s.close();`;
    const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: copy, encoding: 'utf8', timeout: 120_000 });
    expect(out.stderr).toBe('');
    expect(JSON.parse(out.stdout.trim().split('\n').pop()!)).toEqual({ rooms: 2, members: [2, 2] });
  }, 180_000);
});
