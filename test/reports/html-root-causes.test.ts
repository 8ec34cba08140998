// The HTML report of a run with failed prerequisites, blocked checks, decisions and findings, in headless
// Chromium: root causes once with what they blocked, search, level and status filters, section titles,
// decision texts, one hint once, transcript columns. Screenshots go to .chatconform/screenshots/.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { htmlReporter } from '../../reports/html.ts';
import { createReporters } from '../../reports/reporter.ts';
import { runConformance } from '../../index.ts';
import { PASSWORD, makeIncompleteResults, makeRootCauseResults, tempDir } from './fixtures.ts';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = fileURLToPath(new URL('../../.chatconform/screenshots/', import.meta.url));
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'];

describe('html report of root causes in headless Chromium', { timeout: 90_000 }, () => {
  let browser: Browser;
  let dir: string;
  let cleanup: () => Promise<void>;
  let url: string;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: the HTML report test needs Debian's chromium package`);
    ({ dir, cleanup } = await tempDir('chatconform-html-causes-'));
    const [file] = await htmlReporter({ outDir: dir }).onRunEnd(makeRootCauseResults());
    url = pathToFileURL(file!).href;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    await mkdir(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await cleanup?.();
  });
  beforeEach(async () => {
    errors.length = 0;
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(url);
  });
  afterEach(async () => {
    expect(errors).toEqual([]);
    await page?.close();
  });

  const row = (id: string) => page.locator(`details.check:has(.id:text-is("${id}"))`);
  const open = (id: string) => row(id).evaluate((el) => ((el as unknown as { open: boolean }).open = true));
  const visibleIds = () => page.locator('details.check:visible .id').allInnerTexts();

  it('names each root cause once with the checks it blocked beneath it', async () => {
    const causes = page.locator('.causes .cause');
    expect(await causes.count()).toBe(2);
    expect(await page.locator('.causes h2').innerText()).toMatch(/BLOCKED: 5 CHECKS BY 2 ROOT CAUSES/i);
    const login = page.locator('.cause[data-kind="prerequisite"]');
    expect(await login.innerText()).toContain('login:operator');
    expect(await login.innerText()).toContain('No active account found');
    expect(await login.locator('li').allInnerTexts()).toEqual([
      expect.stringContaining('medmapp-msg-01'), expect.stringContaining('medmapp-msg-02'), expect.stringContaining('medmapp-access-01'),
    ]);
    expect(await page.locator('.cause[data-kind="check"] li').count()).toBe(2);
    // The prerequisite's reason appears once on the whole page; blocked rows point at it.
    expect((await page.content()).split('No active account found with the given credentials').length - 1).toBe(1 + 1); // reason + its transcript body
    await page.locator('button[data-filter="blocked"]').click();
    expect(await visibleIds()).toHaveLength(5);
    expect(await row('medmapp-msg-01').locator('.why').innerText()).toBe('blocked by prerequisite login:operator');
    await open('medmapp-msg-01');
    expect(await row('medmapp-msg-01').locator('.f-blocked').innerText()).toContain('login:operator');
    // The failed check that blocked others lists them where it is shown.
    await page.locator('button[data-filter="all"]').click();
    await open('medmapp-conv-01');
    expect(await row('medmapp-conv-01').locator('.f-blocked').innerText()).toMatch(/2 checks could not test their subject: medmapp-rest-03, medmapp-rest-04/);
    expect(await page.content()).not.toContain(PASSWORD);
  });

  it('opens on the failures, MUST failures apart from SHOULD findings, and shows one hint once', async () => {
    expect(await visibleIds()).toEqual(['medmapp-conv-01', 'medmapp-auth-04', 'medmapp-auth-05', 'medmapp-access-02']);
    expect(await page.locator('.attention ol.gating li').count()).toBe(3);
    expect(await page.locator('.attention ol.findings li').allInnerTexts()).toEqual([expect.stringContaining('medmapp-access-02')]);
    expect(await row('medmapp-access-02').getAttribute('data-gating')).toBe('no');
    expect(await row('medmapp-access-02').locator('summary .status').innerText()).toContain('Finding');
    expect(await row('medmapp-access-02').locator('summary .status').getAttribute('title')).toBe('Fail: does not gate the run');
    const color = (id: string) => row(id).locator('summary .status').evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color);
    expect(await color('medmapp-access-02')).not.toBe(await color('medmapp-auth-04'));
    await page.getByRole('button', { name: 'Expand all' }).click();
    expect(await row('medmapp-auth-04').locator('.f-hint .hint').innerText()).toContain('self.close(code) before self.accept()');
    expect(await row('medmapp-auth-05').locator('.f-hint').innerText()).toBe('Same cause as medmapp-auth-04: see its hint.');
    expect((await page.content()).split('before self.accept() refuses').length - 1).toBe(1);
  });

  it('filters by level and status together and searches id, title and reason', async () => {
    await page.locator('button[data-filter="all"]').click();
    await page.locator('button[data-level-filter="SHOULD"]').click();
    expect(await visibleIds()).toEqual(['medmapp-rest-04', 'medmapp-msg-02', 'medmapp-access-02']);
    await page.locator('button[data-filter="blocked"]').click();
    expect(await visibleIds()).toEqual(['medmapp-rest-04', 'medmapp-msg-02']);
    await page.locator('button[data-level-filter="all"]').click();
    await page.locator('button[data-filter="all"]').click();
    await page.fill('#search', 'close');
    expect(await visibleIds()).toEqual(['medmapp-auth-04', 'medmapp-auth-05', 'medmapp-access-02']);
    await page.fill('#search', 'garbage token');
    expect(await visibleIds()).toEqual(['medmapp-auth-05']);
    await page.fill('#search', 'nothing-like-this');
    expect(await page.locator('#none-match').innerText()).toContain('search “nothing-like-this”');
  });

  it('heads sections with the document title and shows the decision text of a decision check', async () => {
    const headings = await page.locator('h3.doc').allInnerTexts();
    expect(headings.some((h) => h.includes('000 §3.4') && h.includes('Close Kodlari (close codes)'))).toBe(true);
    expect(headings.some((h) => h.includes('000 §2.2') && h.includes('Yangi Suhbat Yaratish'))).toBe(true);
    await open('medmapp-access-02');
    const decision = await row('medmapp-access-02').locator('.f-decision').innerText();
    expect(decision).toContain('D-medmapp-07');
    expect(decision).toContain('A well-formed id that does not exist closes with 4003');
  });

  it('lists overrides, variants and faults in the header', async () => {
    const meta = await page.locator('dl.meta').innerText();
    expect(meta).toContain('auth.login: path /api/login/');
    expect(meta).toContain('login-elsewhere');
    expect(meta).toContain('ws-reject-handshake-403');
  });

  it('shows transcript rows with connection and frame type, a connection filter, upgrade headers and long bodies folded', async () => {
    await page.locator('button[data-filter="all"]').click();
    const check = row('medmapp-auth-05');
    await open('medmapp-auth-05');
    const rows = check.locator('table.transcript tbody tr');
    expect(await rows.nth(0).locator('td.conn').innerText()).toBe('garbage');
    expect(await rows.nth(3).locator('td.ty').innerText()).toBe('open');
    expect(await rows.nth(4).locator('td.ty').innerText()).toBe('chat_message');
    const fold = rows.nth(3).locator('details.fold');
    expect(await fold.locator('summary').innerText()).toBe('upgrade response headers (3)');
    expect(await rows.nth(4).locator('details.fold pre').isVisible()).toBe(false);
    await rows.nth(4).locator('details.fold summary').click();
    expect(await rows.nth(4).locator('details.fold pre').isVisible()).toBe(true);
    await check.locator('select.conn').selectOption('patient');
    expect(await check.locator('table.transcript tbody tr:visible').count()).toBe(3);
  });

  it('an incomplete run says so and why', async () => {
    const [file] = await htmlReporter({ outDir: join(dir, 'incomplete') }).onRunEnd(makeIncompleteResults());
    await page.goto(pathToFileURL(file!).href);
    expect(await page.title()).toBe('INCOMPLETE · chatconform · medmapp');
    expect(await page.locator('.verdict-text').innerText()).toMatch(/could not test their subject \(blocked by login:operator\): incomplete, exit 4/);
  });

  it('screenshots: failures first, search, filters, root causes', async () => {
    await page.screenshot({ path: join(SHOTS, 'root-causes-top.png'), fullPage: false });
    await page.locator('.causes').screenshot({ path: join(SHOTS, 'root-causes-panel.png') });
    await page.locator('button[data-filter="all"]').click();
    await page.locator('button[data-level-filter="SHOULD"]').click();
    await page.screenshot({ path: join(SHOTS, 'root-causes-filter-should.png'), fullPage: true });
    for (const f of ['root-causes-top.png', 'root-causes-panel.png', 'root-causes-filter-should.png']) expect(existsSync(join(SHOTS, f))).toBe(true);
  });
});

// A real failing run: the embedded server with the fault that refuses the handshake with 403.
describe('html report of a real failing run', { timeout: 120_000 }, () => {
  it('opens on its failures, with one hint for the shared cause; screenshots', async () => {
    const { dir, cleanup } = await tempDir('chatconform-html-real-');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      await runConformance({ profile: 'medmapp', faults: ['ws-reject-handshake-403'], reporters: createReporters(['html'], { outDir: dir }) });
      const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
      await page.goto(pathToFileURL(join(dir, 'report.html')).href);
      const failing = await page.locator('details.check:visible').count();
      expect(failing).toBeGreaterThan(1);
      expect(await page.locator('details.check:visible[data-status="pass"]').count()).toBe(0);
      await mkdir(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, 'real-failures-first.png'), fullPage: false });
      const hints = await page.locator('.f-hint .hint').count();
      const same = await page.locator('.f-hint .same-hint').count();
      expect(hints).toBe(1);
      expect(same).toBeGreaterThan(0);
      await page.locator('button[data-filter="all"]').click();
      await page.fill('#search', 'token');
      await page.screenshot({ path: join(SHOTS, 'real-search-token.png'), fullPage: false });
      expect(await page.locator('details.check:visible').count()).toBeGreaterThan(0);
      await page.fill('#search', '');
      await page.locator('button[data-filter="pass"]').click();
      await page.locator('button[data-level-filter="MUST"]').click();
      await page.screenshot({ path: join(SHOTS, 'real-filter-pass-must.png'), fullPage: false });
    } finally {
      await browser.close();
      await cleanup();
    }
  });
});
