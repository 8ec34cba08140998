// chatconform spec: the document on stdout, or in --out with a summary that counts against the profile;
// a misspelt profile or format is a usage error.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { exportSpec } from '../../spec/index.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  return { out, err };
}

afterEach(() => vi.restoreAllMocks());

describe('chatconform spec', () => {
  it('prints the OpenAPI document of a profile on stdout, naming --server', async () => {
    const io = capture();
    const code = await main(['node', 'chatconform', 'spec', '--profile', 'medmapp', '--format', 'openapi', '--server', 'http://127.0.0.1:9000']);
    vi.restoreAllMocks();
    expect(code).toBe(0);
    const doc = JSON.parse(io.out.join(''));
    expect(doc).toEqual(exportSpec('medmapp', 'openapi', { baseUrl: 'http://127.0.0.1:9000' }));
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers[0].url).toBe('http://127.0.0.1:9000');
  });

  it('writes the AsyncAPI document to --out and says what it holds against the profile', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'chatconform-spec-')), 'fiko.asyncapi.json');
    const io = capture();
    const code = await main(['node', 'chatconform', 'spec', '--profile', 'fiko', '--format', 'asyncapi', '--out', file]);
    vi.restoreAllMocks();
    expect(code).toBe(0);
    expect(io.out.join('')).toBe('');
    expect(io.err.join('')).toBe(`chatconform: wrote ${file}: fiko as AsyncAPI 3.0, 2 channels, 15 messages (the profile has 2 sockets, 15 frames)\n`);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc.asyncapi).toBe('3.0.0');
    expect(Object.keys(doc.channels)).toEqual(['conversations', 'chat']);
    expect(doc.servers.reference).toMatchObject({ host: '127.0.0.1:8000', protocol: 'ws' });
  });

  it.each([
    [['--profile', 'medmap', '--format', 'openapi'], /did you mean 'medmapp'/],
    [['--profile', 'medmapp', '--format', 'swagger'], /'swagger' is not one of openapi, asyncapi/],
    [['--profile', 'medmapp'], /spec needs --format/],
  ])('%j is a usage error', async (args, message) => {
    const io = capture();
    const code = await main(['node', 'chatconform', 'spec', ...args]);
    vi.restoreAllMocks();
    expect(code).toBe(2);
    expect(io.err.join('')).toMatch(message);
  });
});
