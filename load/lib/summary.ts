// handleSummary for every load script: a small stable JSON (summary.json) the harness reads, k6's raw
// end-of-test data (k6-summary.json) next to it, and a few lines on stdout. Files go to
// __ENV.CHATCONFORM_OUT when set (the harness sets it); under k6-operator without it, stdout only.
import { config as cfg } from './config.ts';
import type { LoadSummary, Percentiles } from '../fixture.ts';

type MetricData = {
  type: string;
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
};
type SummaryData = { metrics: Record<string, MetricData> };

function count(data: SummaryData, name: string): number {
  return data.metrics[name]?.values.count ?? 0;
}

function percentiles(data: SummaryData, name: string): Percentiles | null {
  const v = data.metrics[name]?.values;
  if (!v || !v.count) return null;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { count: v.count, avg: r(v.avg), p50: r(v['p(50)']), p95: r(v['p(95)']), p99: r(v['p(99)']), max: r(v.max) };
}

export function buildSummary(data: SummaryData): LoadSummary {
  const thresholds: LoadSummary['thresholds'] = [];
  for (const [metric, md] of Object.entries(data.metrics)) {
    for (const [expression, verdict] of Object.entries(md.thresholds ?? {})) {
      thresholds.push({ metric, expression, ok: verdict.ok });
    }
  }
  // Stable order whatever order k6 lists metrics in.
  thresholds.sort((a, b) => a.metric.localeCompare(b.metric) || a.expression.localeCompare(b.expression));
  return {
    scenario: cfg.scenario,
    profile: cfg.profile,
    rooms: cfg.roomCount,
    connectionsPlanned: cfg.scenario === 'connect-storm' ? (cfg.storm?.connections ?? 0) : cfg.totalConnections,
    rate: cfg.rate,
    duration: cfg.duration,
    connections: count(data, 'connections'),
    connectRefusals: count(data, 'connect_refusals'),
    messagesSent: count(data, 'messages_sent'),
    messagesDelivered: count(data, 'messages_delivered'),
    deliveries: count(data, 'deliveries'),
    deliveriesExpected: count(data, 'deliveries_expected'),
    loss: count(data, 'loss'),
    limiterRefusals: count(data, 'limiter_refusals'),
    silentDrops: count(data, 'silent_drops'),
    overAdmissions: count(data, 'limiter_over_admissions'),
    unexpectedCloses: count(data, 'unexpected_closes'),
    duplicateDeliveries: count(data, 'duplicate_deliveries'),
    misroutedDeliveries: count(data, 'misrouted_deliveries'),
    otherFrames: count(data, 'other_frames'),
    listeners: count(data, 'listeners'),
    listenerFrames: count(data, 'listener_frames'),
    listenerFramesExpected: count(data, 'listener_frames_expected'),
    fanoutLatencyMs: percentiles(data, 'fanout_latency'),
    connectTimeMs: percentiles(data, 'connect_time'),
    thresholds,
    passed: thresholds.every((t) => t.ok),
  };
}

export function summaryFiles(data: unknown): Record<string, string> {
  const summary = buildSummary(data as SummaryData);
  const lat = summary.fanoutLatencyMs;
  const conn = summary.connectTimeMs;
  const lines = [
    `chatconform ${summary.scenario}: ${summary.connections}/${summary.connectionsPlanned} connections, ` +
      `${summary.messagesSent} sent, ${summary.deliveries}/${summary.deliveriesExpected} delivered, loss ${summary.loss}, ` +
      `refused ${summary.limiterRefusals}, unexpected closes ${summary.unexpectedCloses}` +
      (lat ? `, fan-out p50/p95/p99 ${lat.p50}/${lat.p95}/${lat.p99} ms` : '') +
      (conn ? `, connect p50/p95/p99 ${conn.p50}/${conn.p95}/${conn.p99} ms` : '') +
      (summary.listeners ? `, ${summary.listeners} listeners got ${summary.listenerFrames}/${summary.listenerFramesExpected} frames` : ''),
    ...summary.thresholds.map((t) => `  ${t.ok ? 'ok  ' : 'FAIL'} ${t.metric} ${t.expression}`),
    '',
  ];
  const files: Record<string, string> = { stdout: lines.join('\n') };
  const out = __ENV.CHATCONFORM_OUT;
  if (out) {
    files[`${out}/summary.json`] = JSON.stringify(summary, null, 2) + '\n';
    files[`${out}/k6-summary.json`] = JSON.stringify(data, null, 2) + '\n';
  }
  return files;
}
