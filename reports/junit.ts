// JUnit reporter: <outDir>/junit.xml for CI systems. One <testsuite> per profile + document section,
// one <testcase> per check (classname `profile.section`, name `ID title [LEVEL]`); a failure's message is
// the one-line reason and its body reads like the console: expected, observed, hint, reproduction and
// the timestamped transcript.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import junitModule, { type Builder } from 'junit-report-builder';
import type { Check } from '../generated/types/meta/results.ts';
import type { Reporter, ReporterOptions, RunResults } from './reporter.ts';
import { redactResults, xmlSafe } from './sanitize.ts';
import { formatMs, formatOffset, groupChecks, verdictReason } from './summary.ts';

export const JUNIT_FILE = 'junit.xml';

// junit-report-builder is CommonJS (`module.exports = builder`) but its types declare a default export:
// under NodeNext the builder arrives as the module object itself (as ajv-formats does in core/schemas.ts).
const junit: Builder = (junitModule as unknown as { default?: Builder }).default ?? (junitModule as unknown as Builder);

/** xmlbuilder splits only the first `]]>` of a CDATA section; break every one so none ends it early. */
function cdataSafe(s: string): string {
  return xmlSafe(s).replace(/]]>/g, ']] >');
}

/** JUnit times are seconds; millisecond precision keeps float noise (0.020399999999999998) out. */
const seconds = (ms: number): number => Math.round(ms) / 1000;

/** The JUnit XSD's timestamp has no zone: UTC `2025-03-04T10:15:00`, as the results record it. */
const junitTimestamp = (iso: string): string => iso.replace(/(?:\.\d+)?(?:Z|[+-]00:?00)$/, '');

const ARROW = { send: '→', recv: '←', info: '·' } as const;

/** The failure/error body: everything a person needs to understand the check without the HTML report. */
export function failureBody(check: Check): string {
  const lines: string[] = [];
  const block = (label: string, values: string[]): void => {
    lines.push(`${label}:`);
    for (const v of values) for (const l of v.split('\n')) lines.push(`  ${l}`);
  };
  lines.push(`${check.id} [${check.level}] ${check.doc}: ${check.title}`);
  block('requirement', [check.requirement]);
  block('reason', [check.reason]);
  block('expected (any of)', check.expected.length > 0 ? check.expected : ['(nothing stated)']);
  block('observed', [check.observed || '(nothing)']);
  if (check.hint) block('hint', [check.hint]);
  if (check.reproduce?.length) block('reproduce', check.reproduce.map((l) => `$ ${l}`));
  if (check.transcript.length > 0) {
    lines.push('transcript:');
    for (const t of check.transcript) {
      lines.push(`  ${formatOffset(t.at).padStart(10)}  ${t.channel.padEnd(4)} ${ARROW[t.dir]} ${t.summary}`);
      if (t.body) for (const l of t.body.split('\n')) lines.push(`${' '.repeat(20)}${l}`);
    }
  }
  return lines.join('\n');
}

export function buildJUnit(raw: RunResults): string {
  const results = redactResults(raw);
  const builder = junit.newBuilder().name(xmlSafe(`chatconform ${results.target.profile}: ${results.summary.verdict.toUpperCase()} (${verdictReason(results)})`));
  for (const group of groupChecks(results.checks)) {
    for (const section of group.sections) {
      const suite = builder
        .testSuite()
        .name(xmlSafe(`${group.profile} ${section.doc}`))
        .timestamp(junitTimestamp(results.startedAt))
        .time(seconds(section.checks.reduce((sum, ch) => sum + ch.durationMs, 0)))
        .property('profile', xmlSafe(group.profile))
        .property('doc', xmlSafe(section.doc))
        .property('baseUrl', xmlSafe(results.target.baseUrl));
      for (const check of section.checks) {
        const tc = suite
          .testCase()
          .className(xmlSafe(`${group.profile}.${section.doc}`))
          .name(xmlSafe(`${check.id} ${check.title} [${check.level}]`))
          .time(seconds(check.durationMs))
          .property('id', xmlSafe(check.id))
          .property('level', check.level)
          .property('doc', xmlSafe(check.doc))
          .property('tags', xmlSafe(check.tags.join(' ')));
        if (check.status === 'fail') {
          tc.failure(xmlSafe(check.reason), check.level).stacktrace(cdataSafe(failureBody(check)));
        } else if (check.status === 'error') {
          tc.error(xmlSafe(check.reason), 'error', cdataSafe(failureBody(check)));
        } else if (check.status === 'skip') {
          tc.skipped().standardOutput(cdataSafe(`skipped: ${check.reason}`));
        } else {
          tc.standardOutput(cdataSafe(`${check.reason} (${formatMs(check.durationMs)})`));
        }
      }
    }
  }
  return builder.build();
}

export function junitReporter(opts: ReporterOptions): Reporter {
  return {
    name: 'junit',
    async onRunEnd(results) {
      await mkdir(opts.outDir, { recursive: true });
      const file = join(opts.outDir, JUNIT_FILE);
      await writeFile(file, buildJUnit(results), 'utf8');
      return [file];
    },
  };
}
