// JUnit reporter: <outDir>/junit.xml for CI systems. One <testsuite> per profile + document section,
// one <testcase> per check (classname `profile.section`, name `ID title [LEVEL]`); a failure's message is
// the one-line reason and its body reads like the console: expected, observed, hint, reproduction and
// the timestamped transcript.
// What turns a CI test tab red is what fails the job: a SHOULD or MAY failure without --strict is written
// as <skipped message="SHOULD finding: …"> with a `finding` property (test tabs show it as skipped, with
// the message, next to a green job), and so is a blocked check (`blockedBy` property). Each root cause is
// one case: a failed prerequisite in the `prerequisites` suite (errored, the blocked checks in its body),
// a failed check with the checks it blocked appended to its own body.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import junitModule, { type Builder } from 'junit-report-builder';
import type { Check } from '../generated/types/meta/results.ts';
import type { Reporter, ReporterOptions, RunResults } from './reporter.ts';
import { redactResults, xmlSafe } from './sanitize.ts';
import { decisionFor } from './sections.ts';
import { blockedUnder, formatMs, formatOffset, groupChecks, inEffect, isGating, limitLines, rootCauses, verdictReason } from './summary.ts';

export const JUNIT_FILE = 'junit.xml';

// junit-report-builder is CommonJS (`module.exports = builder`) but its types declare a default export:
// under NodeNext the builder arrives as the module object itself (as ajv-formats does in core/schemas.ts).
const junit: Builder = (junitModule as unknown as { default?: Builder }).default ?? (junitModule as unknown as Builder);

/** xmlbuilder splits only the first `]]>` of a CDATA section; break every one so none ends it early. */
function cdataSafe(s: string): string {
  // `<skipped/>` is also what buildJUnit rewrites to carry a message; text from a server must not look like it.
  return xmlSafe(s).replace(/]]>/g, ']] >').replace(/<skipped\/>/g, '<skipped />');
}

const attr = (s: string): string => xmlSafe(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;');

/** JUnit times are seconds; millisecond precision keeps float noise (0.020399999999999998) out. */
const seconds = (ms: number): number => Math.round(ms) / 1000;

/** The JUnit XSD's timestamp has no zone: UTC `2025-03-04T10:15:00`, as the results record it. */
const junitTimestamp = (iso: string): string => iso.replace(/(?:\.\d+)?(?:Z|[+-]00:?00)$/, '');

const ARROW = { send: '→', recv: '←', info: '·' } as const;

/** The failure/error body: everything a person needs to understand the check without the HTML report. */
export function failureBody(check: Check, blocked: Check[] = []): string {
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
  const decision = decisionFor(check.decision ?? (check.doc.startsWith('D-') ? check.doc : undefined));
  if (decision) block(`decision ${decision.id} (the document is silent)`, [decision.decision]);
  if (check.hint) block('hint', [check.hint]);
  if (check.reproduce?.length) block('reproduce', check.reproduce.map((l) => `$ ${l}`));
  if (blocked.length) block(`blocked (${blocked.length} checks could not test their subject)`, blocked.map((b) => `${b.id} [${b.level}] ${b.title}`));
  lines.push(...transcriptLines(check.transcript));
  return lines.join('\n');
}

function transcriptLines(transcript: Check['transcript']): string[] {
  const lines: string[] = [];
  if (transcript.length > 0) {
    lines.push('transcript:');
    for (const t of transcript) {
      lines.push(`  ${formatOffset(t.at).padStart(10)}  ${t.channel.padEnd(4)} ${ARROW[t.dir]} ${t.summary}`);
      if (t.body) for (const l of t.body.split('\n')) lines.push(`${' '.repeat(20)}${l}`);
    }
  }
  return lines;
}

export function buildJUnit(raw: RunResults): string {
  const results = redactResults(raw);
  const builder = junit.newBuilder().name(xmlSafe(`chatconform ${results.target.profile}: ${results.summary.verdict.toUpperCase()} (${verdictReason(results)})`));
  const effect = inEffect(results.target);
  const limits = limitLines(results);
  const under = blockedUnder(results);
  const known = new Set(results.baseline?.known ?? []);
  const prerequisites = results.prerequisites ?? [];
  // junit-report-builder writes a bare <skipped/>; the messages are put in, in document order, after build().
  const skipMessages: string[] = [];
  const skip = (tc: ReturnType<ReturnType<Builder['testSuite']>['testCase']>, message: string) => {
    skipMessages.push(message);
    return tc.skipped();
  };
  if (prerequisites.length) {
    const causes = new Map(rootCauses(results).map((c) => [c.id, c]));
    const suite = builder.testSuite().name(xmlSafe(`${results.target.profile} prerequisites`)).timestamp(junitTimestamp(results.startedAt)).property('profile', xmlSafe(results.target.profile));
    for (const p of prerequisites) {
      const tc = suite.testCase().className(xmlSafe(`${results.target.profile}.prerequisites`)).name(xmlSafe(`${p.id} ${p.title}`)).property('id', xmlSafe(p.id));
      const blocked = causes.get(p.id)?.blocked ?? [];
      if (p.status === 'failed') {
        const body = [`${p.id}: ${p.title}`, 'reason:', `  ${p.reason}`];
        if (blocked.length) body.push(`blocked (${blocked.length} checks could not test their subject):`, ...blocked.map((b) => `  ${b.id} [${b.level}] ${b.title}`));
        body.push(...transcriptLines(p.transcript));
        tc.error(xmlSafe(`prerequisite failed: ${p.reason}${blocked.length ? ` (blocked ${blocked.length} checks)` : ''}`), 'prerequisite', cdataSafe(body.join('\n')));
      } else {
        tc.standardOutput(cdataSafe(p.reason));
      }
    }
  }
  for (const group of groupChecks(results.checks)) {
    for (const section of group.sections) {
      const suite = builder
        .testSuite()
        .name(xmlSafe(`${group.profile} ${section.doc}${section.title ? ` ${section.title}` : ''}`))
        .timestamp(junitTimestamp(results.startedAt))
        .time(seconds(section.checks.reduce((sum, ch) => sum + ch.durationMs, 0)))
        .property('profile', xmlSafe(group.profile))
        .property('doc', xmlSafe(section.doc))
        .property('baseUrl', xmlSafe(results.target.baseUrl));
      if (section.title) suite.property('title', xmlSafe(section.title));
      for (const { label, values } of effect) suite.property(label, xmlSafe(values.join('; ')));
      if (limits.length) suite.property('connectionLimit', xmlSafe(limits.join('; ')));
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
        if (check.decision) tc.property('decision', xmlSafe(check.decision));
        const bad = check.status === 'fail' || check.status === 'error';
        if (bad && known.has(check.id)) {
          tc.property('finding', check.status).property('baseline', 'known');
          skip(tc, (`known failure (baseline ${results.baseline!.file}): ${check.reason}`)).standardOutput(cdataSafe(failureBody(check, under.get(check.id))));
        } else if (bad && !isGating(check, results.strict)) {
          tc.property('finding', check.status);
          skip(tc, (`${check.level} finding, not gating${results.strict ? '' : ' without --strict'}: ${check.reason}`)).standardOutput(cdataSafe(failureBody(check, under.get(check.id))));
        } else if (check.status === 'fail') {
          tc.failure(xmlSafe(check.reason), check.level).stacktrace(cdataSafe(failureBody(check, under.get(check.id))));
        } else if (check.status === 'error') {
          tc.error(xmlSafe(check.reason), 'error', cdataSafe(failureBody(check, under.get(check.id))));
        } else if (check.status === 'blocked') {
          const by = check.blockedBy;
          if (by) tc.property('blockedBy', xmlSafe(`${by.kind} ${by.id}`));
          skip(tc, (`blocked by ${by ? `${by.kind} ${by.id}: ${by.reason}` : 'a setup failure'}`)).standardOutput(cdataSafe(`not tested: ${check.reason}`));
        } else if (check.status === 'skip') {
          skip(tc, `skipped: ${check.reason}`).standardOutput(cdataSafe(`skipped: ${check.reason}`));
        } else {
          tc.standardOutput(cdataSafe(`${check.reason} (${formatMs(check.durationMs)})`));
        }
      }
    }
  }
  let i = 0;
  return builder.build().replace(/<skipped\/>/g, () => `<skipped message="${attr(skipMessages[i++] ?? '')}"/>`);
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
