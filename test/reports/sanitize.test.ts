import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createReporters } from '../../reports/reporter.ts';
import { escapeHtml, printable, redactResults, redactorFor, xmlSafe } from '../../reports/sanitize.ts';
import { LEAKED_JWT, PASSWORD, QUERY_TOKEN, SECRETS, captureStream, makeResults, playRun, readAll, tempDir } from './fixtures.ts';

describe('redactResults', () => {
  it('redacts JWTs, query-string tokens, bearer tokens and the target users own secrets everywhere', () => {
    const results = makeResults();
    results.target.fixtures = { [`key ${LEAKED_JWT}`]: 1 };
    const text = JSON.stringify(redactResults(results));
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(text).toContain('?token=[redacted]');
    expect(text).toContain('Bearer [redacted]');
    expect(text).toContain('with [redacted])');
  });

  it('leaves the input untouched and non-secret values alone', () => {
    const results = makeResults();
    const redacted = redactResults(results);
    expect(results.target.users.bob.token).toBe(LEAKED_JWT);
    expect(redacted.target.users.alice.credentials?.email).toBe('alice@example.test');
    expect(redacted.checks[0]).toEqual(results.checks[0]);
    expect(redacted.summary).toEqual(results.summary);
  });

  it('knows credentials by key: passwords are secret, e-mail addresses are not', () => {
    const redactor = redactorFor(makeResults().target);
    expect(redactor.text(`alice@example.test ${PASSWORD} ${QUERY_TOKEN}`)).toBe('alice@example.test [redacted] q8Zr2mXv91kLpT4s');
  });
});

describe('printable, xmlSafe, escapeHtml', () => {
  it('shows control characters as escapes but keeps tabs and newlines', () => {
    expect(printable('a\u001b[2Jb\u0007c\td\ne\u009bf\r')).toBe('a\\x1b[2Jb\\x07c\td\ne\\x9bf\\x0d');
  });

  it('replaces code points XML cannot carry', () => {
    expect(xmlSafe('ok \ud83d\ude00 lone \ud800 \udc00 \uffff')).toBe('ok \ud83d\ude00 lone \ufffd \ufffd \ufffd');
  });

  it('escapes markup and quotes', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
  });
});

describe('no secret in any report', () => {
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

  it('keeps JWTs, ?token= values and passwords out of every file and the console, even when upstream missed them', async () => {
    const results = makeResults();
    const stream = captureStream(false);
    const reporters = createReporters(['console', 'junit', 'json', 'html'], { outDir: dir, stream });
    await playRun(reporters, results);
    const outputs = { ...(await readAll(dir)), console: stream.text() };
    expect(Object.keys(outputs).sort()).toEqual(['console', 'junit.xml', 'report.html', 'results.json']);
    // The fixture really does carry the secrets into the reporters.
    expect(JSON.stringify(results)).toContain(LEAKED_JWT);
    expect(JSON.stringify(results)).toContain(`token=${QUERY_TOKEN}`);
    for (const [name, text] of Object.entries(outputs)) {
      for (const secret of SECRETS) expect(text, `${secret} in ${name}`).not.toContain(secret);
      expect(text, name).not.toMatch(/eyJ[\w-]{4,}\.[\w-]{4,}/);
      expect(text, name).not.toMatch(/[?&]token=(?!\[redacted\])/);
    }
  });
});
