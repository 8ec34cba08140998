// Self-contained chart pages: uPlot's built file and CSS inlined, the data as JSON in the page, one small
// script that draws every chart. Used by load-report.html (load/report-html.ts) and the capacity curve
// (bench/curve.ts, rendered to PNG by headless Chromium). No network: the page loads nothing.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface ChartSeries {
  label: string;
  color: string;
  values: (number | null)[];
  dash?: boolean;
  points?: boolean;
}

export interface ChartSpec {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  x: number[];
  series: ChartSeries[];
  logY?: boolean;
}

const require = createRequire(import.meta.url);
let assets: { js: string; css: string } | undefined;

function uplot(): { js: string; css: string } {
  if (!assets) {
    const dist = require.resolve('uplot/dist/uPlot.iife.min.js');
    assets = { js: readFileSync(dist, 'utf8'), css: readFileSync(dist.replace(/uPlot\.iife\.min\.js$/, 'uPlot.min.css'), 'utf8') };
  }
  return assets;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

// Draws every chart; data-rendered on <body> tells a test (or the PNG renderer) that drawing finished.
const DRAW = `
(function () {
  var specs = JSON.parse(document.getElementById('chart-data').textContent);
  var drawn = [];
  specs.forEach(function (spec) {
    var el = document.getElementById('chart-' + spec.id);
    var series = [{ label: spec.xLabel }];
    spec.series.forEach(function (s) {
      series.push({ label: s.label, stroke: s.color, width: 2, dash: s.dash ? [6, 4] : undefined, spanGaps: true,
        points: { show: !!s.points, size: 6, fill: s.color } });
    });
    var opts = {
      width: Math.max(480, el.clientWidth || 900), height: 260, series: series,
      scales: { x: { time: false }, y: spec.logY ? { distr: 3 } : { range: function (u, min, max) { return [0, max > 0 ? max * 1.1 : 1]; } } },
      axes: [{ label: spec.xLabel }, { label: spec.yLabel, size: 60 }],
      legend: { live: false }
    };
    var data = [spec.x].concat(spec.series.map(function (s) { return s.values; }));
    new uPlot(opts, data, el);
    drawn.push({ id: spec.id, series: spec.series.length, points: spec.x.length });
  });
  window.__charts = drawn;
  document.body.setAttribute('data-rendered', String(drawn.length));
})();`;

export function chartsPage(o: { title: string; intro?: string; sections?: string; charts: ChartSpec[] }): string {
  const { js, css } = uplot();
  const blocks = o.charts
    .map((c) => `<section class="chart"><h2>${escapeHtml(c.title)}</h2><div id="chart-${escapeHtml(c.id)}"></div></section>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(o.title)}</title>
<style>${css}
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1f2328;background:#fff}
h1{font-size:20px;margin:0 0 8px}h2{font-size:15px;margin:18px 0 6px}
.intro{color:#59636e;margin-bottom:12px}table{border-collapse:collapse;margin:8px 0}
td,th{border:1px solid #d1d9e0;padding:3px 8px;text-align:left}.chart{max-width:1100px}
.bad{color:#cf222e;font-weight:600}.good{color:#1a7f37;font-weight:600}</style>
</head><body>
<h1>${escapeHtml(o.title)}</h1>
${o.intro ? `<div class="intro">${escapeHtml(o.intro)}</div>` : ''}
${o.sections ?? ''}
${blocks}
<script id="chart-data" type="application/json">${scriptJson(o.charts)}</script>
<script>${js}</script>
<script>${DRAW}</script>
</body></html>
`;
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Renders a chart page in headless Chromium and writes a PNG of it (bounded: 60 s). */
export async function screenshotPage(html: string, png: string): Promise<void> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
    await page.setContent(html, { timeout: 30_000 });
    await page.waitForSelector('body[data-rendered]', { timeout: 30_000 });
    await page.screenshot({ path: png, fullPage: true, timeout: 30_000 });
  } finally {
    await browser.close();
  }
}
