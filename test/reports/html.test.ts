import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { htmlReporter, renderHtml } from '../../reports/html.ts';
import { FAIL_CHECK, SCRIPT_PAYLOAD, SECRETS, makeResults, tempDir } from './fixtures.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('html reporter: the file', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await tempDir()));
  afterEach(() => cleanup());

  it('writes one report.html', async () => {
    const files = await htmlReporter({ outDir: dir }).onRunEnd(makeResults());
    expect(files).toEqual([join(dir, 'report.html')]);
    expect((await readFile(files[0], 'utf8')).startsWith('<!doctype html>')).toBe(true);
  });

  it('is self-contained: no external resource, one inline script, a CSP that admits only it', () => {
    const html = renderHtml(makeResults());
    expect(html).not.toMatch(/<(?:link|img|iframe|object|embed|base)\b/i);
    // Links only within the page (the "needs attention" list jumps to its checks).
    expect(html).not.toMatch(/<[a-z][^>]*\s(?:src|href)=(?!"#check-)/i);
    expect(html.match(/<script\b/gi)).toHaveLength(1);
    expect(html.match(/<style\b/gi)).toHaveLength(1);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const hash = (s: string): string => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(csp).toContain(`script-src ${hash(script)}`);
    expect(csp).toContain(`style-src ${hash(style)}`);
  });

  it('escapes every string from the results', () => {
    const results = makeResults();
    results.checks[0].title = '"><svg onload=alert(1)>';
    results.target.profile = '</title><script>alert(2)</script>';
    const html = renderHtml(results);
    expect(html).not.toContain(SCRIPT_PAYLOAD);
    expect(html).not.toContain('<svg');
    expect(html).not.toContain('<script>alert(2)');
    expect(html).toContain('&lt;script&gt;window.__pwned = true; document.title = &#39;pwned&#39;&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;svg onload=alert(1)&gt;');
  });

  it('says so when nothing needs attention', () => {
    const results = makeResults();
    results.checks = results.checks.filter((c) => c.status === 'pass');
    results.summary = { ...results.summary, total: 2, fail: 0, skip: 0, error: 0, verdict: 'pass', byLevel: undefined };
    const html = renderHtml(results);
    expect(html).toContain('<title>PASS · chatconform · medmapp</title>');
    expect(html).toContain('No check failed or errored.');
  });

  it('contains no secret', () => {
    const html = renderHtml(makeResults());
    for (const secret of SECRETS) expect(html).not.toContain(secret);
  });
});

// A real browser: what a person sees when they open the report. Chromium is Debian's package; a machine
// without it fails here (CI must install `chromium`) rather than skipping the only test of the page itself.
describe('html reporter in headless Chromium', { timeout: 60_000 }, () => {
  let browser: Browser;
  let dir: string;
  let cleanup: () => Promise<void>;
  let url: string;
  let page: Page;
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: the HTML report test needs Debian's chromium package (apt-get install -y chromium)`);
    }
    ({ dir, cleanup } = await tempDir('chatconform-html-'));
    const [file] = await htmlReporter({ outDir: dir }).onRunEnd(makeResults());
    url = pathToFileURL(file).href;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await cleanup?.();
  });

  beforeEach(async () => {
    requests.length = 0;
    consoleErrors.length = 0;
    dialogs.length = 0;
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(err.message));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(url);
  });

  afterEach(async () => {
    await page?.close();
  });

  const row = (id: string) => page.locator(`details.check:has(.id:text-is("${id}"))`);

  it('shows the verdict, counts by status and level and the target on top', async () => {
    await expect(page.title()).resolves.toBe('FAIL · chatconform · medmapp');
    expect(await page.locator('#verdict').innerText()).toContain('FAIL');
    const card = async (name: string): Promise<string> => page.locator(`.card[data-count="${name}"] .n`).innerText();
    expect([await card('total'), await card('pass'), await card('fail'), await card('skip'), await card('error')]).toEqual(['5', '2', '1', '1', '1']);
    const levels = await page.locator('table.levels tbody tr').allInnerTexts();
    expect(levels.map((l) => l.split(/\s+/).join(' '))).toEqual(['MUST 2 1 1 0 0 0', 'SHOULD 2 1 0 0 0 1', 'MAY 1 0 0 0 1 0']);
    const meta = await page.locator('dl.meta').innerText();
    expect(meta).toContain('medmapp');
    expect(meta).toContain('http://localhost:8000');
    expect(meta).toContain('2.11 s');
    // Nothing but the file itself was requested, and our own script and style ran under the CSP.
    expect(requests).toEqual([url]);
    expect(consoleErrors).toEqual([]);
    expect(await page.locator('.filters').isVisible()).toBe(true);
  });

  it('opens on the failures; the "fail" filter hides passing rows and shows the failed one; "all" brings them back', async () => {
    expect(await page.locator('button[data-filter="failures"]').getAttribute('aria-pressed')).toBe('true');
    expect(await row('medmapp-auth-01').isVisible()).toBe(false);
    expect(await page.locator('details.check:visible').count()).toBe(2);
    await page.locator('button[data-filter="all"]').click();
    expect(await row('medmapp-auth-01').isVisible()).toBe(true);
    await page.locator('button[data-filter="fail"]').click();
    expect(await page.locator('button[data-filter="fail"]').getAttribute('aria-pressed')).toBe('true');
    expect(await row('medmapp-auth-01').isVisible()).toBe(false);
    expect(await row('medmapp-auth-07').isVisible()).toBe(false);
    expect(await row('medmapp-pagination-02').isVisible()).toBe(false);
    expect(await row('medmapp-messaging-03').isVisible()).toBe(true);
    expect(await page.locator('details.check:visible').count()).toBe(1);
    // Sections with nothing left to show are hidden with their rows.
    expect(await page.locator('h3.doc:visible').allInnerTexts()).toEqual([expect.stringContaining('000 §5.2')]);
    await page.locator('button[data-filter="all"]').click();
    expect(await page.locator('details.check:visible').count()).toBe(5);
  });

  it('expanding a failed check shows requirement, expected, observed, reason, hint, reproduction and the transcript', async () => {
    // The first failure that fails the run is open when the page opens.
    const check = row('medmapp-messaging-03');
    expect(await check.getAttribute('open')).toBe('');
    expect(await check.locator('.f-observed').isVisible()).toBe(true);
    const text = await check.innerText();
    expect(text).toContain(FAIL_CHECK.requirement);
    expect(await check.locator('.f-reason').innerText()).toBe(FAIL_CHECK.reason);
    expect(await check.locator('ul.expected li').allInnerTexts()).toEqual(FAIL_CHECK.expected);
    expect(await check.locator('.f-observed').innerText()).toContain('"type":"error"');
    expect(await check.locator('.f-hint').innerText()).toBe(FAIL_CHECK.hint);
    expect(await check.locator('.f-reproduce').innerText()).toContain("$ websocat 'ws://localhost:8000/ws/chat/7/?token=[redacted]'");
    const rows = check.locator('table.transcript tbody tr');
    expect(await rows.count()).toBe(FAIL_CHECK.transcript.length);
    const cells = async (i: number): Promise<string[]> => rows.nth(i).locator('td').allInnerTexts();
    expect((await cells(2)).slice(0, 6)).toEqual(['+9.6 ms', 'ws', '→ send', '', 'chat_message', 'text chat_message']);
    expect((await cells(3)).slice(0, 5)).toEqual(['+31 ms', 'ws', '← recv', '', 'error']);
    expect((await cells(5)).slice(0, 6)).toEqual(['+2040 ms', 'ws', '· info', '', 'close', 'close 1006 (abnormal closure)']);
    // The body of a JSON frame is in a <pre>, indented.
    expect(await rows.nth(2).locator('pre').innerText()).toContain('"type": "chat_message"');
  });

  it('lists failed and errored checks under "needs attention", each link opening its check', async () => {
    const items = page.locator('.attention li');
    expect(await items.count()).toBe(2);
    expect(await items.nth(0).innerText()).toContain('medmapp-messaging-03');
    expect(await items.nth(1).innerText()).toContain('medmapp-pagination-02');
    await page.locator('button[data-filter="pass"]').click();
    await items.nth(1).locator('a').click();
    const target = row('medmapp-pagination-02');
    await target.locator('.f-observed').waitFor();
    expect(await target.isVisible()).toBe(true);
    expect(await target.getAttribute('open')).toBe('');
  });

  it('shows a <script> from a frame as text and never runs it; no token is visible', async () => {
    await page.getByRole('button', { name: 'Expand all' }).click();
    const body = await page.locator('body').innerText();
    expect(body).toContain(SCRIPT_PAYLOAD);
    expect(body).toContain('<img src=x onerror="window.__pwnedImg = true">');
    const pwned = await page.evaluate(() => {
      const g = globalThis as Record<string, unknown>;
      return [g.__pwned, g.__pwnedImg];
    });
    expect(pwned).toEqual([undefined, undefined]);
    expect(await page.title()).not.toBe('pwned');
    expect(await page.locator('script').count()).toBe(1);
    expect(dialogs).toEqual([]);
    const html = await page.content();
    for (const secret of SECRETS) {
      expect(body).not.toContain(secret);
      expect(html).not.toContain(secret);
    }
    expect(body).toContain('?token=[redacted]');
  });

  it('is readable without JavaScript: every check expands natively and the filter bar stays out of the way', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const noJs = await context.newPage();
      await noJs.goto(url);
      expect(await noJs.locator('.filters').isVisible()).toBe(false);
      expect(await noJs.locator('.no-js-note').isVisible()).toBe(true);
      expect(await noJs.locator('details.check').count()).toBe(5);
      const check = noJs.locator('details.check:has(.id:text-is("medmapp-messaging-03"))');
      await check.locator('summary').click();
      expect(await check.locator('.f-reason').innerText()).toBe(FAIL_CHECK.reason);
      expect(await check.locator('table.transcript tbody tr').count()).toBe(FAIL_CHECK.transcript.length);
    } finally {
      await context.close();
    }
  });

  it('takes screenshots a person would see', async () => {
    const top = join(dir, 'report-top.png');
    const failed = join(dir, 'report-failed-expanded.png');
    await page.screenshot({ path: top, fullPage: true });
    await page.locator('button[data-filter="fail"]').click();
    await page.screenshot({ path: failed, fullPage: true });
    for (const file of [top, failed]) {
      const png = await readFile(file);
      expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      expect(png.length).toBeGreaterThan(10_000);
    }
    if (process.env.CHATCONFORM_KEEP_SCREENSHOTS) {
      const { copyFile } = await import('node:fs/promises');
      await copyFile(top, join(process.env.CHATCONFORM_KEEP_SCREENSHOTS, 'report-top.png'));
      await copyFile(failed, join(process.env.CHATCONFORM_KEEP_SCREENSHOTS, 'report-failed-expanded.png'));
    }
  });
});
