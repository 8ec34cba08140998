import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPORTERS, createReporters, type Reporter } from '../../reports/reporter.ts';
import { captureStream, makeResults, playRun, tempDir } from './fixtures.ts';

describe('REPORTERS', () => {
  it('maps console, junit, json and html to factories whose reporters carry that name', () => {
    expect(Object.keys(REPORTERS).sort()).toEqual(['console', 'html', 'json', 'junit']);
    for (const [name, factory] of Object.entries(REPORTERS)) {
      expect(factory({ outDir: '/nonexistent', stream: captureStream(false) }).name).toBe(name);
    }
  });
});

describe('createReporters', () => {
  it('creates reporters in the order named, each once', () => {
    const reporters = createReporters(['json', 'console', 'json'], { outDir: '/nonexistent', stream: captureStream(false) });
    expect(reporters.map((r) => r.name)).toEqual(['json', 'console']);
  });

  it('rejects an unknown name with an Error listing the valid names', () => {
    expect(() => createReporters(['console', 'xml'], { outDir: '.' })).toThrow(/unknown reporter "xml" \(did you mean 'html'\?\); valid reporters: console, junit, json, html/);
    expect(() => createReporters(['jsno'], { outDir: '.' })).toThrow(/unknown reporter "jsno" \(did you mean 'json'\?\)/);
    expect(() => createReporters(['tap', 'xml'], { outDir: '.' })).toThrow(/unknown reporters "tap", "xml"/);
  });
});

describe('a run through every reporter', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    vi.stubEnv('CI', 'true');
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await cleanup();
  });

  it('calls the hooks in run order and returns the files each reporter wrote', async () => {
    const results = makeResults();
    const stream = captureStream(false);
    const outDir = join(dir, 'nested', 'out');
    const reporters: Reporter[] = createReporters(['console', 'junit', 'json', 'html'], { outDir, stream });
    const written = await playRun(reporters, results);
    expect(written).toEqual([join(outDir, 'junit.xml'), join(outDir, 'results.json'), join(outDir, 'report.html')]);
    for (const file of written) expect(existsSync(file)).toBe(true);
    expect(stream.text()).toContain('[5/5]');
  });
});
