import { chmodSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { K6MissingError, PINNED_K6, findK6, parseK6Version } from '../../load/k6.ts';
import { requireK6 } from './k6-binary.ts';

function fakeK6(dir: string, version: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'k6');
  writeFileSync(path, `#!/bin/sh\necho "k6 ${version} (go1.26.8, linux/amd64)"\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('findK6', () => {
  it('says exactly how to install k6 when it is nowhere', () => {
    const empty = mkdtempSync(join(tmpdir(), 'cc-nok6-'));
    let error: unknown;
    try {
      findK6({ PATH: empty }, empty);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(K6MissingError);
    expect((error as Error).message).toContain('k6 not found');
    expect((error as Error).message).toContain('bash tools/install-k6.sh');
    expect((error as Error).message).toContain(PINNED_K6);
  });

  it('refuses a k6 older than 1.6 (no stable k6/websockets) and names it', () => {
    const root = mkdtempSync(join(tmpdir(), 'cc-oldk6-'));
    const bin = join(root, 'bin');
    fakeK6(bin, 'v0.52.0');
    expect(() => findK6({ PATH: bin }, root)).toThrow(/v0\.52\.0.*bash tools\/install-k6\.sh/s);
  });

  it('prefers $K6_BIN, then .tools/bin, then PATH', () => {
    const root = mkdtempSync(join(tmpdir(), 'cc-k6-'));
    const onPath = fakeK6(join(root, 'path'), 'v1.7.0');
    const pinned = fakeK6(join(root, '.tools', 'bin'), 'v1.8.1');
    const explicit = fakeK6(join(root, 'explicit'), 'v1.9.0');
    expect(findK6({ PATH: join(root, 'path') }, root)).toEqual({ path: pinned, version: 'v1.8.1' });
    expect(findK6({ PATH: join(root, 'path'), K6_BIN: explicit }, root).version).toBe('v1.9.0');
    expect(findK6({ PATH: join(root, 'path') }, join(root, 'nowhere')).path).toBe(onPath);
  });

  it('parses k6 version lines', () => {
    expect(parseK6Version('k6 v1.8.1 (go1.26.8, linux/amd64)')).toEqual([1, 8, 1]);
    expect(parseK6Version('nope')).toBeNull();
  });

  it('finds the pinned build the other load tests use', () => {
    expect(requireK6().version).toBe(PINNED_K6);
  });
});
