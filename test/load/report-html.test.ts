// load-report.html from a real (short) k6 run: opened in headless Chromium, every chart drawn with data.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS } from '../../load/charts.ts';
import { runLoad } from '../../index.ts';
import { requireK6 } from './k6-binary.ts';

describe('load-report.html', () => {
  it('a 4 s run writes the report next to summary.json; Chromium draws latency, throughput, connections and problems with data', async () => {
    requireK6();
    const outDir = join(mkdtempSync(join(tmpdir(), 'cc-report-')), 'run');
    const progress: string[] = [];
    const result = await runLoad({
      profile: 'medmapp', scenario: 'broadcast', rooms: 2, members: 3, rate: 5, duration: '4s', p99: 250, maxLoss: 0, outDir, dashboard: false,
      progress: (line) => progress.push(line), progressEveryMs: 2000,
    });
    expect(result.summary, result.error).toBeTruthy();
    expect(result.reportPath).toBe(join(outDir, 'load-report.html'));
    // progress arrived while k6 ran, with the figures the issue names
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.some((l) => /^running \(\d+\.\ds\)  connections 6\/6  sent \d+  delivered \d+  refused 0  p99 (\d+ ms|-)/.test(l))).toBe(true);

    const timeline = JSON.parse(readFileSync(join(outDir, 'timeline.json'), 'utf8')) as { points: { deliveries: number; sent: number; open: number }[] };
    expect(timeline.points.reduce((n, p) => n + p.deliveries, 0)).toBe(result.summary!.deliveries);
    expect(timeline.points.reduce((n, p) => n + p.sent, 0)).toBe(result.summary!.messagesSent);
    expect(Math.max(...timeline.points.map((p) => p.open))).toBe(6);

    const html = readFileSync(result.reportPath!, 'utf8');
    expect(html).not.toMatch(/<(?:link|img|iframe)\b|\ssrc=/i);
    expect(html.replace('https://github.com/leeoniya/uPlot', '')).not.toMatch(/https?:\/\//); // uPlot's licence line only
    expect(html).not.toMatch(/eyJ[\w-]+\.[\w-]+|token=/);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(result.reportPath!).href);
      await page.waitForSelector('body[data-rendered="4"]', { timeout: 20_000 });
      expect(errors).toEqual([]);
      expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
      const charts = await page.evaluate(() => (globalThis as unknown as { __charts: { id: string; series: number; points: number }[] }).__charts);
      expect(charts.map((c) => c.id)).toEqual(['latency', 'throughput', 'connections', 'problems']);
      for (const c of charts) expect(c.points).toBeGreaterThan(3);
      // every canvas has drawn pixels that are not the background
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const inked = await page.$$eval('canvas', (canvases: any[]) =>
        canvases.map((cv) => {
          const ctx = cv.getContext('2d');
          const { data } = ctx.getImageData(0, 0, cv.width, cv.height);
          let n = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
          return n;
        }),
      );
      await page.screenshot({ path: join(outDir, 'load-report.png'), fullPage: true });
      expect(inked).toHaveLength(4);
      for (const n of inked) expect(n).toBeGreaterThan(500);
      expect(await page.textContent('body')).toContain('PASS');
    } finally {
      await browser.close();
    }
  }, 90_000);
});
