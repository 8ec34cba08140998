// cli/serve.ts: --list-faults, and the serve lifecycle (banner, target file, SIGTERM -> exit 0).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { command, listFaults } from '../../cli/serve.ts';
import { FAULTS } from '../../reference-server/index.ts';
import { parseTarget } from '../../core/target.ts';

const BIN = fileURLToPath(new URL('../../bin/chatconform.js', import.meta.url));

function run(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exit };
}

describe('chatconform serve', () => {
  it('--list-faults prints one fault a line, name first, then the promise it breaks', () => {
    const lines = listFaults('medmapp').trimEnd().split('\n');
    expect(lines).toHaveLength(FAULTS.medmapp!.length);
    FAULTS.medmapp!.forEach((f, i) => {
      expect(lines[i]!.startsWith(`${f.name} `)).toBe(true);
      expect(lines[i]).toContain(f.breaks);
    });
    expect(command.flags.map((f) => f.flags.split(' ')[0])).toEqual(
      ['--profile', '--host', '--port', '--target-out', '--fault', '--list-faults', '--variant', '--list-variants', '--socket-limit', '--unstated-limits', '--self-check', '--access-ttl', '--cors', '--workers', '--redis'],
    );
  });

  it('serves until SIGTERM, prints URLs and logins, writes the target file, and exits 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'serve-test-'));
    const targetFile = join(dir, 'target.json');
    const proc = run(['serve', '--profile', 'medmapp', '--port', '0', '--target-out', targetFile, '--fault', 'no-rate-limit']);
    try {
      const deadline = Date.now() + 15_000;
      while (!proc.output().includes('Ctrl-C to stop') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const out = proc.output();
      expect(out).toMatch(/REST\s+http:\/\/127\.0\.0\.1:\d+\/api\//);
      expect(out).toMatch(/WebSocket\s+ws:\/\/127\.0\.0\.1:\d+\/ws\/chat\//);
      expect(out).toContain('+998901234567');
      expect(out).toContain('patient-pass');
      expect(out).toContain('curl -s -X POST');
      expect(out).toContain('no-rate-limit');
      const target = parseTarget(JSON.parse(await readFile(targetFile, 'utf8')));
      const res = await fetch(`${target.baseUrl}/api/token/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(target.users.patient!.credentials),
      });
      expect(res.status).toBe(200);
      proc.child.kill('SIGTERM');
      expect(await proc.exit).toBe(0);
      // The passwords appear on the banner only, never in a JSON log line.
      for (const line of proc.output().split('\n').filter((l) => l.startsWith('{'))) expect(line).not.toContain('patient-pass');
    } finally {
      if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown fault with exit 2', async () => {
    const proc = run(['serve', '--fault', 'bogus', '--port', '0']);
    expect(await proc.exit).toBe(2);
    expect(proc.output()).toContain("unknown fault 'bogus'");
  });
});
