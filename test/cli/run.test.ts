// Exit codes CI can trust, through the same entry point as the binary.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { silent } from '../harness/hostile.ts';

const dir = mkdtempSync(join(tmpdir(), 'chatconform-cli-'));
let stderr: string;

beforeEach(() => {
  stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

const run = (...args: string[]) => main(['node', 'chatconform', 'run', '--reporter', 'json', '--out', dir, ...args]);

describe('chatconform run exit codes', () => {
  it('2 for a target file that breaks the schema, with the schema message', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ profile: 'medmapp', baseUrl: 'not a url', users: {} }));
    expect(await run('--target-file', file)).toBe(2);
    expect(stderr).toMatch(/does not match schemas\/meta\/target.schema.json/);
    expect(stderr).toMatch(/\/baseUrl/);
  });

  it('2 for an unknown flag, an unknown profile, an unknown fault or a bad number', async () => {
    expect(await run('--bogus')).toBe(2);
    expect(await run('--profile', 'nope')).toBe(2);
    expect(await run('--fault', 'no-such-fault')).toBe(2);
    expect(stderr).toMatch(/no-such-fault/);
    expect(await run('--timeout', 'soon')).toBe(2);
    expect(stderr).toMatch(/--timeout needs a positive whole number/);
  });

  it('2 when --only matches no check', async () => {
    expect(await run('--only', 'medmapp-nothing-*')).toBe(2);
    expect(stderr).toMatch(/chatconform list/);
  });

  it('3 for an unreachable target, saying what to check', async () => {
    const h = await silent();
    const url = h.url;
    await h.close();
    expect(await run('--profile', 'medmapp', '--target', url, '--token', 'patient=abc')).toBe(3);
    expect(stderr).toMatch(/cannot reach .* Is the server running/);
  });

  it('1 when a MUST check fails, 0 when all pass', async () => {
    expect(await run('--fault', 'no-rate-limit', '--only', 'medmapp-rate-02')).toBe(1);
    expect(await run('--only', 'medmapp-rate-02')).toBe(0);
  });
});
