// The documented install path: the packed tarball, installed into an empty folder, gives a working
// `npx chatconform` and an importable API from plain Node (no tsx, no .ts files). npm resolves the
// dependencies from its cache first (--prefer-offline), which `npm ci` of this project has filled.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NPM_ENV = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', NO_COLOR: '1', CI: 'true' };

async function sh(cmd: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(cmd, args, { cwd, env: NPM_ENV, timeout: 180_000, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(err) };
  }
}

describe('the packed tarball in an empty folder', { timeout: 400_000 }, () => {
  let dir: string;
  let app: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chatconform-pack-'));
    app = join(dir, 'app');
    // `npm pack` runs `prepare`, which builds dist/ with tsc -p tsconfig.build.json.
    const pack = await sh('npm', ['pack', '--pack-destination', dir], ROOT);
    expect(pack.code, pack.stderr).toBe(0);
    const tarball = (await readdir(dir)).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    await sh('mkdir', ['-p', app], dir);
    await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const install = await sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(dir, tarball!)], app);
    expect(install.code, install.stderr).toBe(0);
  }, 400_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('ships the build, the schemas and the k6 scripts, and no TypeScript sources but declarations', async () => {
    const pkg = join(app, 'node_modules', 'chatconform');
    expect(existsSync(join(pkg, 'dist', 'index.js'))).toBe(true);
    expect(existsSync(join(pkg, 'dist', 'index.d.ts'))).toBe(true);
    expect(existsSync(join(pkg, 'schemas', 'meta', 'results.schema.json'))).toBe(true);
    expect(existsSync(join(pkg, 'load', 'broadcast.ts'))).toBe(true);
    expect(existsSync(join(pkg, 'cli', 'main.ts'))).toBe(false);
    expect(existsSync(join(pkg, 'test'))).toBe(false);
  });

  it('`npx chatconform run` runs checks against the embedded server and writes its reports', async () => {
    const run = await sh('npx', ['--no-install', 'chatconform', 'run', '--only', 'medmapp-auth-0[1-3]', '--reporter', 'json,junit', '--out', 'out'], app);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^chatconform: PASS · medmapp · no MUST check failed or errored · 3 checks in /m);
    expect(run.stdout).toContain('reports: out/results.json  out/junit.xml');
    const results = JSON.parse(await readFile(join(app, 'out', 'results.json'), 'utf8'));
    expect(results.checks.map((c: { id: string }) => c.id).sort()).toEqual(['medmapp-auth-01', 'medmapp-auth-02', 'medmapp-auth-03']);
    const version = await sh('npx', ['--no-install', 'chatconform', '--version'], app);
    expect(version.stdout.trim()).toBe(JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).version);
  });

  it("`import 'chatconform'` works from plain Node and runs a check", async () => {
    const script = `
      import { runConformance, createReporters, SUITES, validate } from 'chatconform';
      const r = await runConformance({ profile: 'medmapp', only: ['medmapp-auth-01'], reporters: createReporters(['json'], { outDir: 'api-out' }) });
      console.log(JSON.stringify({ verdict: r.summary.verdict, ids: r.checks.map((c) => c.id), suites: Object.keys(SUITES), valid: validate('meta/results', r).ok }));
    `;
    await writeFile(join(app, 'use-api.mjs'), script);
    const out = await sh(process.execPath, ['use-api.mjs'], app);
    expect(out.code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout.trim().split('\n').at(-1)!)).toEqual({ verdict: 'pass', ids: ['medmapp-auth-01'], suites: ['medmapp', 'fiko', 'carechat', 'carinfopro', 'uzbekhub'], valid: true });
  });
});
