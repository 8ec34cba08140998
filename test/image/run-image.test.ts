// chatconform run/load --image on a real Docker engine, against the reference-server image that
// tools/build-image.sh builds locally: it passes; a fault baked in through --image-env fails its check; an
// image that never becomes ready exits 3 with its last log lines; Ctrl-C removes the container; and no
// container of these runs is left behind. Without an engine the tests are skipped with a note, unless
// CHATCONFORM_REQUIRE_DOCKER=1 (.ci/run sets it), where a missing engine is a failure.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../load/k6.ts';
import { LABEL, engineAvailable } from '../../harness/container.ts';
import type { RunResults } from '../../generated/types/meta/results.ts';

const IMAGE = 'chatconform/reference-server:test';
const NEVER_READY = 'chatconform/never-ready:test';
const required = process.env.CHATCONFORM_REQUIRE_DOCKER === '1';
const engine = await engineAvailable();
if (!engine && !required) {
  console.warn('test/image: no Docker engine reachable, so the --image tests are skipped (start dockerd; .ci/run does, and requires them)');
}

const out = mkdtempSync(join(tmpdir(), 'chatconform-image-'));
const children: number[] = [];

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The real binary in a child process; `onSpawn` sees the pid (for Ctrl-C). Every run is bounded. */
function cli(args: string[], onSpawn?: (pid: number) => void, limitMs = 150_000): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'chatconform.js'), ...args], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1' } });
    children.push(child.pid!);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`chatconform ${args.join(' ')} did not end within ${limitMs} ms\n${stderr}`));
    }, limitMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    onSpawn?.(child.pid!);
  });
}

function docker(...args: string[]): string {
  const r = spawnSync('docker', args, { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`docker ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim();
}

/** Containers (running or not) started by the given process. */
function containersOf(pid: number): string[] {
  return docker('ps', '-aq', '--filter', `label=${LABEL.pid}=${pid}`, '--filter', `label=${LABEL.host}=${hostname()}`).split('\n').filter(Boolean);
}

async function until(what: string, ok: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!engine && !required)('chatconform --image on a real engine', () => {
  beforeAll(() => {
    if (!engine) throw new Error('CHATCONFORM_REQUIRE_DOCKER=1 but no Docker engine is reachable: is dockerd running (see .ci/run)?');
    const build = spawnSync('bash', [join(REPO_ROOT, 'tools', 'build-image.sh'), IMAGE], { encoding: 'utf8', timeout: 170_000 });
    if (build.status !== 0) throw new Error(`tools/build-image.sh failed:\n${build.stdout}\n${build.stderr}`);
    // An image that starts and logs but never listens: the reference image with another entry point.
    const dockerfile = `FROM ${IMAGE}\nENTRYPOINT ["node", "-e", "console.log('warming up'); setInterval(() => console.log('still warming up, password hunter2'), 500)"]\n`;
    const r = spawnSync('docker', ['build', '-q', '-t', NEVER_READY, '-'], { input: dockerfile, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`docker build of ${NEVER_READY} failed: ${r.stderr}`);
  }, 300_000);

  afterAll(() => {
    if (!engine) return;
    const left = children.flatMap(containersOf);
    // Remove them anyway, so one failure does not leave containers for the next run.
    if (left.length) docker('rm', '-f', ...left);
    expect(left, 'containers left behind by chatconform --image').toEqual([]);
    spawnSync('docker', ['rmi', NEVER_READY], { timeout: 60_000 });
  }, 120_000);

  it('every medmapp check passes against the reference image; the report carries its redacted log', async () => {
    const dir = join(out, 'pass');
    const r = await cli(['run', '--profile', 'medmapp', '--image', IMAGE, '--reporter', 'json,html', '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`${IMAGE} ready in \\d+ ms at http://127\\.0\\.0\\.1:\\d+ \\(container port 8000\\)`));
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
    expect(results.summary.total).toBeGreaterThan(40);
    expect(results.summary.fail + results.summary.error).toBe(0);
    expect(results.target.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(results.container?.image).toBe(IMAGE);
    const log = results.container!.transcript.map((e) => e.summary).join('\n');
    expect(log).toContain('"event":"listening"');
    expect(log).toMatch(/password \[redacted\]/);
    const raw = readFileSync(join(dir, 'results.json'), 'utf8') + readFileSync(join(dir, 'report.html'), 'utf8');
    expect(raw).not.toMatch(/patient-pass|operator-pass|outsider-pass|eyJ[\w-]{10,}/);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('Container log');
  }, 180_000);

  it('a fault baked in through --image-env fails exactly the check that detects it', async () => {
    const dir = join(out, 'fault');
    const r = await cli(['run', '--profile', 'medmapp', '--image', IMAGE, '--image-env', 'CHATCONFORM_FAULT=ws-no-token-wrong-code', '--only', 'medmapp-auth-*', '--reporter', 'json', '--out', dir]);
    expect(r.code, r.stderr).toBe(1);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
    const failed = results.checks.filter((c) => c.status === 'fail' || c.status === 'error').map((c) => c.id);
    expect(failed).toEqual(['medmapp-auth-04']);
    expect(results.checks.length).toBeGreaterThan(4);
    expect(results.container!.transcript.map((e) => e.summary).join('\n')).toContain('ws-no-token-wrong-code');
  }, 180_000);

  it("a target file is pointed at the container's mapped port; a log readiness rule holds", async () => {
    const dir = join(out, 'target-file');
    const file = join(out, 'target.json');
    const login = (phone: string, password: string, id: number) => ({ credentials: { phone, password }, id });
    writeFileSync(file, JSON.stringify({
      profile: 'medmapp',
      baseUrl: 'http://backend.invalid:9999',
      users: { patient: login('+998901234567', 'patient-pass', 10), operator: login('+998901111111', 'operator-pass', 2), outsider: login('+998902222222', 'outsider-pass', 12) },
      fixtures: { conversation: 1 },
    }));
    const r = await cli(['run', '--image', IMAGE, '--target-file', file, '--image-wait', 'log:"event":"listening"', '--only', 'medmapp-auth-*', '--reporter', 'json', '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
    expect(results.target.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(results.target.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(results.summary.fail + results.summary.error).toBe(0);
    expect(results.summary.pass).toBeGreaterThan(4);
    expect(readFileSync(join(dir, 'results.json'), 'utf8')).not.toContain('patient-pass');
  }, 180_000);

  it('an image that never becomes ready exits 3 with its last log lines, redacted', async () => {
    const r = await cli(['run', '--profile', 'medmapp', '--image', NEVER_READY, '--timeout', '500', '--reporter', 'json', '--out', join(out, 'never')]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/did not become ready \(a TCP answer on the port, within 10000 ms\)/);
    expect(r.stderr).toMatch(/last log lines:\n\s+(still )?warming up/);
    expect(r.stderr).toContain('still warming up, password [redacted]');
    expect(r.stderr).not.toContain('hunter2');
    const wait = await cli(['run', '--profile', 'medmapp', '--image', IMAGE, '--image-wait', 'log:no such line', '--timeout', '500', '--out', join(out, 'never-log')]);
    expect(wait.code, wait.stderr).toBe(3);
    expect(wait.stderr).toMatch(/a log line matching \/no such line\//);
    expect(wait.stderr).toContain('"event":"listening"');
    expect(wait.stderr).not.toContain('patient-pass');
  }, 180_000);

  it('an image that is not on the engine (and cannot be pulled) exits 3 saying so', async () => {
    const r = await cli(['run', '--profile', 'medmapp', '--image', 'chatconform/no-such-image:never', '--out', join(out, 'missing')]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/image chatconform\/no-such-image:never is not on this engine and could not be pulled/);
  }, 120_000);

  it('Ctrl-C during the run removes the container', async () => {
    let pid = 0;
    const ran = cli(['run', '--profile', 'medmapp', '--image', IMAGE, '--reporter', 'json', '--out', join(out, 'sigint')], (p) => (pid = p));
    await until('the container to start', () => pid > 0 && containersOf(pid).length > 0);
    process.kill(pid, 'SIGINT');
    const r = await ran;
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain('interrupted; removing the target container');
    expect(containersOf(pid)).toEqual([]);
  }, 180_000);

  it.skipIf(!existsSync(join(REPO_ROOT, '.tools', 'bin', 'k6')) && !required)('load --image runs k6 against the container and keeps its log', async () => {
    const dir = join(out, 'load');
    const r = await cli(['load', '--profile', 'medmapp', '--image', IMAGE, '--rooms', '1', '--members', '2', '--duration', '2s', '--p99', '2000', '--no-dashboard', '--out', dir]);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/verdict\s+PASS/);
    const log = readFileSync(join(dir, 'container.log'), 'utf8');
    expect(log).toContain('"event":"listening"');
    expect(log).not.toMatch(/patient-pass|eyJ[\w-]{10,}/);
  }, 180_000);
});
