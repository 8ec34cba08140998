// A fuzz report in the shape every reporter reads (RunResults): one check per kind of finding, tagged
// `fuzz`, so the console, JSON, JUnit and HTML reporters show fuzz evidence without knowing about it.
// These are their own results, written apart from a conformance run's and never part of its verdict.
import { loadProfile } from '../core/profiles.ts';
import type { RunResults } from '../generated/types/meta/results.ts';
import { summarize, VERSION } from '../harness/runner.ts';
import type { Finding, FuzzReport } from './engine.ts';

type CheckResult = RunResults['checks'][number];

interface Kind {
  n: string;
  verdict: Finding['verdict'] | 'round-trip';
  level: 'MUST' | 'SHOULD';
  title: string;
  requirement: string;
  expected: string[];
}

const KINDS: Kind[] = [
  { n: '01', verdict: 'crash', level: 'MUST', title: 'No input stops the server', requirement: 'One request must never kill the server: after every malformed request or frame the port still accepts connections.', expected: ['the port accepts connections after every case'] },
  { n: '02', verdict: 'hang', level: 'MUST', title: 'Every malformed request gets an answer in time', requirement: 'A malformed request or frame is answered (an error reply, a close code) within the timeout, not left hanging or dropped.', expected: ['a reply or a close within the timeout'] },
  { n: '03', verdict: '5xx', level: 'SHOULD', title: 'Client errors are 4xx, not server errors', requirement: 'Input the client got wrong is answered with a 4xx status or a documented close code, never 5xx or 1011/4500.', expected: ['HTTP 4xx', 'a documented close code', 'an error frame'] },
  { n: '04', verdict: 'shape', level: 'SHOULD', title: 'Error replies have the shape the document allows', requirement: "Every reply to malformed input has the dialect's error shape (schemas/<dialect>/profile.json errors) and frames match its outgoing frame schemas.", expected: ["a body matching the profile's error schema for its status", 'frames matching the outgoing frame schemas'] },
  { n: '05', verdict: 'round-trip', level: 'MUST', title: 'Real traffic still works between batches', requirement: 'After every batch of fuzz cases a member logs in, opens the socket, sends a valid message and receives it back.', expected: ['every round trip succeeds'] },
];

const MAX_LISTED = 25;

function checkFor(kind: Kind, report: FuzzReport): CheckResult {
  const profile = loadProfile(report.profile);
  const base = {
    id: `${report.profile}-fuzz-${kind.n}`,
    profile: report.profile,
    title: kind.title,
    level: kind.level,
    doc: `${profile.document} (fuzz, seed ${report.seed})`,
    requirement: kind.requirement,
    tags: ['fuzz', kind.verdict],
    expected: kind.expected,
    durationMs: report.durationMs,
  };
  if (kind.verdict === 'round-trip') {
    const { ok, failed, lastError } = report.roundTrips;
    return {
      ...base,
      status: failed ? 'fail' : 'pass',
      reason: failed ? `${failed} of ${ok + failed} round trips failed` : `${ok} of ${ok} round trips succeeded`,
      observed: failed ? (lastError ?? 'failed') : `${ok} round trips`,
      transcript: [],
    };
  }
  const found = report.findings.filter((f) => f.verdict === kind.verdict);
  const result: CheckResult = {
    ...base,
    status: found.length ? 'fail' : 'pass',
    reason: found.length
      ? `${found.length} of ${report.counts.cases} cases: ${found[0]!.what} -> ${found[0]!.observed}`
      : `none of ${report.counts.cases} cases${report.stopped ? ` (${report.stopped})` : ''}`,
    observed: found.length ? found.slice(0, MAX_LISTED).map((f) => `#${f.caseId} [${f.family}] ${f.what} -> ${f.observed}`).join('\n') : `${report.counts.cases} cases, none of this kind`,
    transcript: found.slice(0, MAX_LISTED).map((f) => ({ at: 0, channel: 'note' as const, dir: 'info' as const, summary: `#${f.caseId} [${f.family}] ${f.what} -> ${f.observed}`, body: f.reproduce.join('\n') })),
  };
  if (found.length) result.reproduce = [...found[0]!.reproduce, ...found.slice(1, MAX_LISTED).map((f) => f.reproduce[0]!)];
  return result;
}

export function fuzzResults(report: FuzzReport, target: RunResults['target'], startedAt: Date): RunResults {
  const checks = KINDS.map((k) => checkFor(k, report));
  return {
    tool: { name: 'chatconform', version: VERSION },
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    strict: false,
    target,
    summary: summarize(checks, report.durationMs, false),
    checks,
  };
}
