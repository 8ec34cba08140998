// load-report.html: one self-contained page per `chatconform load` run for a QA engineer: the verdict and
// totals, then per second fan-out p50/p95/p99, deliveries and sends, open connections, refusals, closes and
// loss, drawn with uPlot (load/charts.ts). Counts and percentiles only: never a URL or token.
import type { LoadSummary } from './fixture.ts';
import { chartsPage, escapeHtml, type ChartSpec } from './charts.ts';
import type { TimelinePoint } from './timeline.ts';

export function loadCharts(scenario: string, points: TimelinePoint[]): ChartSpec[] {
  const x = points.map((p) => p.second);
  const col = (f: (p: TimelinePoint) => number | null) => points.map(f);
  const charts: ChartSpec[] = [];
  if (scenario !== 'connect-storm') {
    charts.push({
      id: 'latency', title: `${scenario}: fan-out latency per second`, xLabel: 'seconds since sending started', yLabel: 'ms', x,
      series: [
        { label: 'p50', color: '#2da44e', values: col((p) => p.p50) },
        { label: 'p95', color: '#bf8700', values: col((p) => p.p95) },
        { label: 'p99', color: '#cf222e', values: col((p) => p.p99) },
      ],
    });
    charts.push({
      id: 'throughput', title: `${scenario}: deliveries and messages sent per second`, xLabel: 'seconds since sending started', yLabel: 'per second', x,
      series: [
        { label: 'deliveries/s', color: '#1f6feb', values: col((p) => p.deliveries) },
        { label: 'sent/s', color: '#8250df', values: col((p) => p.sent) },
      ],
    });
  }
  charts.push({
    id: 'connections', title: `${scenario}: open connections`, xLabel: 'seconds since start', yLabel: 'sockets', x,
    series: [{ label: 'open', color: '#1f6feb', values: col((p) => p.open) }],
  });
  charts.push({
    id: 'problems', title: `${scenario}: refusals, closes and loss per second`, xLabel: 'seconds since start', yLabel: 'count', x,
    series: [
      { label: 'limiter refusals', color: '#bf8700', values: col((p) => p.refusals) },
      { label: 'loss (by send second)', color: '#cf222e', values: col((p) => p.loss) },
      { label: 'unexpected closes', color: '#8250df', values: col((p) => p.unexpectedCloses) },
      { label: 'connect refusals', color: '#57606a', values: col((p) => p.connectRefusals), dash: true },
    ],
  });
  return charts;
}

export function renderLoadReport(summary: LoadSummary | null, points: TimelinePoint[], o: { verdict: string; generatedAt?: Date }): string {
  const rows: [string, string][] = [];
  if (summary) {
    const lat = summary.fanoutLatencyMs;
    rows.push(
      ['scenario', `${summary.scenario} (${summary.profile}), ${plural(summary.rooms, 'room')}, ${summary.rate} msg/s per member, ${summary.duration}`],
      ['connections', `${summary.connections} / ${summary.connectionsPlanned}`],
      ['messages sent', `${summary.messagesSent} = ${summary.messagesDelivered} delivered + ${summary.limiterRefusals} refused + ${summary.silentDrops} dropped silently`],
      ['deliveries', `${summary.deliveries} / ${summary.deliveriesExpected} expected`],
      ['loss', String(summary.loss)],
      ['fan-out p50 / p95 / p99', lat ? `${lat.p50} / ${lat.p95} / ${lat.p99} ms (max ${lat.max})` : '-'],
      ['unexpected closes', String(summary.unexpectedCloses)],
    );
  }
  const table = `<table>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`;
  const thresholds = summary?.thresholds.length
    ? `<table><tr><th>threshold</th><th>result</th></tr>${sortThresholds(summary.thresholds)
        .map((t) => `<tr><td>${escapeHtml(`${t.metric} ${t.expression}`)}</td><td class="${t.ok ? 'good' : 'bad'}">${t.ok ? 'ok' : 'FAILED'}</td></tr>`)
        .join('')}</table>`
    : '';
  const cls = o.verdict.startsWith('PASS') ? 'good' : 'bad';
  const sections = `<p>verdict: <span class="${cls}">${escapeHtml(o.verdict)}</span></p>${table}${thresholds}`;
  return chartsPage({
    title: `chatconform load: ${summary?.scenario ?? 'run'}`,
    intro: `generated ${(o.generatedAt ?? new Date()).toISOString()}; ${points.length} seconds of per-second figures`,
    sections,
    charts: loadCharts(summary?.scenario ?? 'broadcast', points),
  });
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Thresholds in a stable order: by metric, then expression. */
export function sortThresholds<T extends { metric: string; expression: string }>(list: T[]): T[] {
  return [...list].sort((a, b) => a.metric.localeCompare(b.metric) || a.expression.localeCompare(b.expression));
}
