// Node side, the programmatic API behind `chatconform load` and bench/capacity.ts: provision rooms on a
// target (or the embedded reference server), write the fixture file, run one k6 script, read its
// summary.json and render the short table. Tokens go into the fixture file only (mode 0600), never out.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadProfile } from '../core/profiles.ts';
import { Redactor } from '../core/redact.ts';
import { TargetError, loadTargetFile, type EmbeddedTarget, type StartEmbedded, type TargetFile } from '../core/target.ts';
import type { LoadFixture, LoadSummary, Scenario } from './fixture.ts';
import { findK6, runK6, type K6Binary } from './k6.ts';
import { provisionerFor } from './provision.ts';
import { plural, renderLoadReport, sortThresholds } from './report-html.ts';
import { Timeline, progressLine } from './timeline.ts';
import { exportRun, type ExportResult } from './export.ts';

export type { LoadSummary };
export const SCENARIOS: Scenario[] = ['broadcast', 'over-limit', 'connect-storm'];

export interface LoadOptions {
  profile: string;
  /** a target file; without one the embedded reference server is started on 127.0.0.1:0 */
  targetFile?: string;
  /** How to start that embedded server (index.ts passes the reference server's); needed without a target file. */
  embedded?: StartEmbedded;
  scenario: Scenario;
  rooms: number;
  /** `rooms` is a default, not an ask: a target that allows fewer rooms gets as many as it allows */
  roomsUpTo?: boolean;
  members: number;
  /** messages per second per member; default: the profile's limit (broadcast) or limit + 3 (over-limit) */
  rate?: number;
  duration: string;
  /** default .chatconform/load/<timestamp>/ under the working directory */
  outDir?: string;
  /** broadcast: p99 fan-out latency threshold in ms */
  p99: number;
  /** deliveries that may go missing */
  maxLoss: number;
  /** connect-storm: sockets to open, ramp and hold durations */
  connections?: number;
  ramp?: string;
  hold?: string;
  /** ready access tokens by role (skip login) */
  tokens?: Record<string, string>;
  dashboard?: boolean;
  /** fault switches of the embedded reference server (proves a load check can fail) */
  faults?: string[];
  log?: (line: string) => void;
  /** receives a progress line every `progressEveryMs` (default 5 s) while k6 runs */
  progress?: (line: string) => void;
  progressEveryMs?: number;
}

export interface LoadResult {
  /** 0 pass, 1 thresholds failed, 3 k6 could not run to the end */
  exitCode: 0 | 1 | 3;
  k6Code: number | null;
  summary: LoadSummary | null;
  outDir: string;
  fixturePath: string;
  /** why the run had no verdict (k6 error), redacted */
  error?: string;
  /** load-report.html (charts) next to summary.json */
  reportPath?: string;
}

export function timestampDir(root = process.cwd(), now = new Date()): string {
  return join(root, '.chatconform', 'load', now.toISOString().replace(/[:.]/g, '-'));
}

export function defaultThresholds(scenario: Scenario, p99: number, maxLoss: number): Record<string, string[]> {
  if (scenario === 'broadcast') {
    return { fanout_latency: [`p(99)<${p99}`], loss: [`count<=${maxLoss}`], limiter_refusals: ['count<=0'] };
  }
  if (scenario === 'over-limit') return { loss: [`count<=${maxLoss}`] };
  return {};
}

/** Writes the fixture file readable by its owner only: it holds every member's token. */
export function writeFixture(dir: string, fixture: LoadFixture): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'fixture.json');
  writeFileSync(path, JSON.stringify(fixture, null, 2) + '\n', { mode: 0o600 });
  chmodSync(path, 0o600);
  return path;
}

export function durationToMs(text: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  let total = 0;
  let matched = '';
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(m[1]) * units[m[2]];
    matched += m[0];
  }
  if (!matched || matched !== text) throw new Error(`not a duration: '${text}' (use e.g. 30s, 1m30s)`);
  return total;
}

/** Runs one k6 script over a written fixture file and reads the summary it leaves in outDir. */
export async function executeFixture(opts: {
  fixture: LoadFixture;
  outDir: string;
  redactor: Redactor;
  k6?: K6Binary;
  dashboard?: boolean;
  log?: (line: string) => void;
  progress?: (line: string) => void;
  progressEveryMs?: number;
}): Promise<LoadResult> {
  const k6 = opts.k6 ?? findK6();
  const fixturePath = writeFixture(opts.outDir, opts.fixture);
  const f = opts.fixture;
  const stormMs = f.storm ? durationToMs(f.storm.ramp) + durationToMs(f.storm.hold) : 0;
  const connections = f.rooms.reduce((n, r) => n + r.members.length, 0);
  const timeoutMs = durationToMs(f.duration) + stormMs + 2 * connections + 90_000;
  const timeline = new Timeline();
  const planned = f.storm?.connections ?? connections;
  const t0 = Date.now();
  const every = opts.progressEveryMs ?? 5000;
  const ticker = opts.progress ? setInterval(() => opts.progress!(progressLine(Date.now() - t0, timeline, planned, Math.max(1, Math.round(every / 1000)))), every) : undefined;
  const result = await runK6({
    k6,
    script: `${f.scenario}.ts`,
    fixturePath,
    outDir: opts.outDir,
    timeoutMs,
    redactor: opts.redactor,
    dashboard: opts.dashboard,
    onLine: opts.log,
    onTick: (json) => timeline.addJson(json),
  }).finally(() => clearInterval(ticker));
  let summary: LoadSummary | null = null;
  try {
    summary = JSON.parse(readFileSync(join(opts.outDir, 'summary.json'), 'utf8')) as LoadSummary;
  } catch {
    summary = null;
  }
  const exitCode = result.code === 0 && summary ? 0 : result.code === 99 && summary ? 1 : 3;
  const error =
    exitCode === 3
      ? result.timedOut
        ? `k6 did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped`
        : `k6 exited with ${result.code}${summary ? '' : ' without a summary'}:\n  ${result.tail.slice(-8).join('\n  ')}`
      : undefined;
  const points = timeline.points();
  writeFileSync(join(opts.outDir, 'timeline.json'), JSON.stringify({ scenario: f.scenario, points }, null, 2) + '\n');
  const reportPath = join(opts.outDir, 'load-report.html');
  writeFileSync(reportPath, renderLoadReport(summary, points, { verdict: verdictText(exitCode, result.code) }));
  return { exitCode, k6Code: result.code, summary, outDir: opts.outDir, fixturePath, error, reportPath };
}

function verdictText(exitCode: LoadResult['exitCode'], k6Code: number | null): string {
  const verdict = exitCode === 0 ? 'PASS' : exitCode === 1 ? 'FAIL (thresholds crossed)' : 'ERROR (no verdict)';
  return `${verdict}, k6 exit ${k6Code ?? 'killed'}`;
}


/** Logs in, provisions the rooms on the target and builds the fixture; every secret used goes into `redactor`. */
async function provisionFixture(opts: LoadOptions, target: TargetFile & { wsUrl: string }, redactor: Redactor): Promise<LoadFixture> {
  const profile = loadProfile(opts.profile);
  if (target.profile !== profile.id) throw new Error(`the target is a '${target.profile}' server, not '${profile.id}'`);
  for (const user of Object.values(target.users)) redactor.add(user.token, ...Object.values(user.credentials ?? {}));
  for (const token of Object.values(opts.tokens ?? {})) redactor.add(token);

  const rooms = opts.scenario === 'connect-storm' ? Math.max(1, opts.rooms) : opts.rooms;
  const provisioned = await (await provisionerFor(profile.id)).provision({ profile, target, rooms, upTo: opts.roomsUpTo, members: opts.members, tokens: opts.tokens });
  redactor.add(...provisioned.secrets);
  const limit = provisioned.limit ?? profile.rateLimit?.messagesPerSecond;
  const rate = opts.rate ?? (opts.scenario === 'over-limit' ? (limit ?? 5) + 3 : (limit ?? 5));
  const fixture: LoadFixture = {
    profile: profile.id,
    scenario: opts.scenario,
    rooms: provisioned.rooms,
    send: provisioned.send,
    receive: provisioned.receive,
    refusal: provisioned.refusal,
    ...(provisioned.listen ? { listen: provisioned.listen } : {}),
    rate,
    limit,
    duration: opts.duration,
    thresholds: defaultThresholds(opts.scenario, opts.p99, opts.maxLoss),
  };
  // The listeners' frames are counted, not judged one by one: a server may coalesce its list updates
  // (conversation_updated is SHOULD in D-fiko-13); a listener that hears nothing at all is a failure.
  if (provisioned.rooms.some((r) => r.listeners?.length) && opts.scenario !== 'connect-storm') fixture.thresholds.listener_frames = ['count>0'];
  if (opts.scenario === 'connect-storm') {
    fixture.storm = { connections: opts.connections ?? provisioned.rooms.length * opts.members, ramp: opts.ramp ?? opts.duration, hold: opts.hold ?? '5s' };
  }
  return fixture;
}

/** The whole `chatconform load` run. */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const k6 = findK6(); // before starting anything: say how to install it first
  const outDir = resolve(opts.outDir ?? timestampDir());
  const redactor = new Redactor();
  let server: EmbeddedTarget | undefined;
  try {
    let target: TargetFile & { wsUrl: string };
    if (opts.targetFile) {
      target = await loadTargetFile(opts.targetFile);
    } else {
      loadProfile(opts.profile);
      if (!opts.embedded) throw new TargetError('no target: give a target file, or a way to start the embedded reference server (`embedded`)');
      server = await opts.embedded({ profile: opts.profile, faults: opts.faults });
      const t = server.target;
      target = { ...t, wsUrl: (t.wsUrl ?? t.baseUrl.replace(/^http/, 'ws')).replace(/\/+$/, '') };
    }
    const fixture = await provisionFixture(opts, target, redactor);
    return await executeFixture({ fixture, outDir, redactor, k6, dashboard: opts.dashboard, log: opts.log, progress: opts.progress, progressEveryMs: opts.progressEveryMs });
  } finally {
    await server?.close();
  }
}

/** `chatconform load --export DIR`: provisions on the target file's server and writes a k6-operator run. */
export async function exportLoad(opts: LoadOptions & { targetFile: string }, dir: string): Promise<ExportResult> {
  const target = await loadTargetFile(opts.targetFile);
  const fixture = await provisionFixture(opts, target, new Redactor());
  return exportRun(resolve(dir), fixture);
}

/** The short table `chatconform load` prints. Holds counts and percentiles only, never a URL or token. */
export function formatTable(result: LoadResult, cwd = process.cwd()): string {
  const s = result.summary;
  const rows: [string, string][] = [];
  if (s) {
    const lat = s.fanoutLatencyMs;
    const conn = s.connectTimeMs;
    const storm = s.scenario === 'connect-storm';
    rows.push(
      ['scenario', storm ? `${s.scenario} (${s.profile})` : `${s.scenario} (${s.profile}), ${plural(s.rooms, 'room')}, ${s.rate} msg/s per member, ${s.duration}`],
      ['connections', `${s.connections} / ${s.connectionsPlanned}${s.connectRefusals ? ` (${s.connectRefusals} refused)` : ''}`],
      ['connect p50/p95/p99', conn ? `${conn.p50} / ${conn.p95} / ${conn.p99} ms` : '-'],
    );
    if (!storm) rows.push(
      ['messages sent', `${s.messagesSent} = ${s.messagesDelivered} delivered + ${s.limiterRefusals} refused + ${s.silentDrops} dropped silently`],
      ['deliveries', `${s.deliveries} / ${s.deliveriesExpected} expected`],
      ['loss', String(s.loss)],
      ['fan-out p50/p95/p99', lat ? `${lat.p50} / ${lat.p95} / ${lat.p99} ms (max ${lat.max})` : '-'],
      ['limiter refusals', String(s.limiterRefusals)],
    );
    if (s.listeners) rows.push(['listener frames', `${s.listenerFrames} / ${s.listenerFramesExpected} expected on ${plural(s.listeners, 'listener')}`]);
    rows.push(['unexpected closes', String(s.unexpectedCloses)]);
    for (const t of sortThresholds(s.thresholds)) rows.push([t.ok ? 'threshold ok' : 'threshold FAILED', `${t.metric} ${t.expression}`]);
  }
  rows.push(['verdict', verdictText(result.exitCode, result.k6Code)]);
  rows.push(['output', `${relative(cwd, result.outDir) || '.'}/ (load-report.html, summary.json, timeline.json, k6.log)`]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n');
}
