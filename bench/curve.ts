// The capacity curve: p99 fan-out latency against connections for each server, drawn with uPlot in a
// self-contained HTML page that headless Chromium renders to a PNG.
import { writeFileSync } from 'node:fs';
import { chartsPage, screenshotPage, type ChartSpec } from '../load/charts.ts';

export interface CurveSeries {
  name: string;
  /** [connections, p99 ms] */
  points: [number, number][];
}

const COLORS: Record<string, string> = { reference: '#1f6feb', ceiling: '#2da44e', 'reference x2': '#bf3989' };

export function curveChart(series: CurveSeries[], p99Ms: number): ChartSpec {
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
  return {
    id: 'capacity',
    title: 'p99 fan-out latency vs connections (rooms of 5, 5 msg/s per member)',
    xLabel: 'connections',
    yLabel: 'p99 fan-out (ms, log)',
    x: xs,
    logY: true,
    series: [
      ...series.map((s) => ({
        label: s.name,
        color: COLORS[s.name] ?? '#888',
        values: xs.map((x) => s.points.find((p) => p[0] === x)?.[1] ?? null),
        points: true,
      })),
      { label: `${p99Ms} ms bound`, color: '#cf222e', values: xs.map(() => p99Ms), dash: true },
    ],
  };
}

/** Writes <png> and the page it was drawn from (<png>.html); returns the PNG path. */
export async function renderCurvePng(png: string, series: CurveSeries[], o: { p99Ms: number; note: string }): Promise<string> {
  const html = chartsPage({ title: 'chatconform capacity', intro: o.note, charts: [curveChart(series, o.p99Ms)] });
  writeFileSync(png.replace(/\.png$/, '.html'), html);
  await screenshotPage(html, png);
  return png;
}
