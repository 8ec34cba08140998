// Console reporter: progress while checks run, then the profile → section → check tree with every
// failure spelled out (reason, expected, observed, hint, reproduction), each root cause once with the
// checks it blocked, then counts and the verdict. On a TTY progress is one symbol per check; in CI (or
// when piped) one plain line per check that did not pass: passing checks are listed once, in the tree.
import pc from 'picocolors';
import type { Redactor } from '../core/redact.ts';
import type { Check, Level, Status } from '../generated/types/meta/results.ts';
import type { Reporter, ReporterOptions, RunResults } from './reporter.ts';
import { printable, redactResults, redactorFor } from './sanitize.ts';
import { decisionFor, firstSentence } from './sections.ts';
import { LEVELS, STATUSES, SYMBOL, blockedUnder, countsByLevel, formatMs, groupChecks, inEffect, isGating, limitLines, plural, rootCauses, verdictReason } from './summary.ts';

type Colors = ReturnType<typeof pc.createColors>;

const DOTS_PER_LINE = 50;
const LABEL_WIDTH = 11;

function inCI(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

export function consoleReporter(opts: ReporterOptions): Reporter {
  const stream = opts.stream ?? process.stdout;
  const tty = (stream as { isTTY?: boolean }).isTTY === true && !inCI();
  const color = opts.color ?? (tty && !process.env.NO_COLOR);
  const c = pc.createColors(color);
  let redactor: Redactor = redactorFor(undefined);
  let total = 0;
  let done = 0;
  let dotsOnLine = 0;

  const clean = (s: string): string => printable(redactor.text(s));
  const paint: Record<Status, (s: string) => string> = { pass: c.green, fail: c.red, blocked: c.cyan, skip: c.yellow, error: c.magenta };
  const counter = (): string => {
    const width = String(Math.max(total, done)).length;
    return `${String(done).padStart(width)}/${total || '?'}`;
  };

  return {
    name: 'console',

    onRunStart(info) {
      redactor = redactorFor(info.target);
      total = info.total;
      const where = info.target?.baseUrl ? ` against ${clean(info.target.baseUrl)}` : '';
      stream.write(`${c.bold('chatconform')} ${plural(info.total, 'check')} · profile ${c.bold(clean(info.profile))}${where}\n`);
      for (const { label, values } of inEffect(info.target)) stream.write(`  ${c.dim(label.padEnd(LABEL_WIDTH))}${values.map(clean).join(`\n  ${' '.repeat(LABEL_WIDTH)}`)}\n`);
    },

    onCheckEnd(result) {
      done++;
      if (tty) {
        stream.write(paint[result.status](SYMBOL[result.status]));
        if (++dotsOnLine === DOTS_PER_LINE) {
          stream.write(` ${c.dim(counter())}\n`);
          dotsOnLine = 0;
        }
        return;
      }
      if (result.status === 'pass') return;
      const why = ` — ${clean(result.blockedBy ? `blocked by ${result.blockedBy.id}` : result.reason)}`;
      stream.write(`[${counter()}] ${paint[result.status](`${SYMBOL[result.status]} ${result.status.padEnd(result.status === 'blocked' ? 7 : 5)}`)} ${clean(result.id)} (${formatMs(result.durationMs)})${why}\n`);
    },

    async onRunEnd(raw) {
      redactor = redactorFor(raw.target);
      const results = redactResults(raw, redactor);
      if (tty && dotsOnLine > 0) stream.write(` ${c.dim(counter())}\n`);
      dotsOnLine = 0;
      stream.write(render(results, c, paint, opts.verdictLine !== false));
      return [];
    },
  };
}

function render(results: RunResults, c: Colors, paint: Record<Status, (s: string) => string>, withVerdict: boolean): string {
  const out: string[] = [''];
  const hints = new Map<string, string>();
  const under = blockedUnder(results);
  for (const group of groupChecks(results.checks)) {
    out.push(c.bold(printable(group.profile)));
    for (const section of group.sections) {
      out.push(`  ${c.cyan(printable(section.doc))}${section.title ? ` ${c.dim(printable(section.title))}` : ''}`);
      for (const check of section.checks) out.push(...checkLines(check, c, paint, results, hints, under.get(check.id) ?? []));
    }
    out.push('');
  }
  const causes = rootCauses(results);
  if (causes.length) {
    out.push(c.bold(`Blocked: ${plural(causes.reduce((n, r) => n + r.blocked.length, 0), 'check')} by ${plural(causes.length, 'root cause')}`));
    for (const cause of causes) {
      if (cause.kind === 'check') {
        out.push(`  ${paint.fail(SYMBOL.fail)} check ${printable(cause.id)}: ${printable(cause.reason)} ${c.dim(`(shown above with the ${plural(cause.blocked.length, 'check')} it blocked)`)}`);
        continue;
      } else {
        out.push(`  ${paint.fail(SYMBOL.fail)} prerequisite ${printable(cause.id)}: ${printable(cause.title)}`);
        out.push(`${' '.repeat(6)}${c.dim('reason'.padEnd(LABEL_WIDTH))}${paint.fail(printable(cause.reason))}`);
        for (const t of cause.transcript.slice(0, 6)) out.push(`${' '.repeat(6 + LABEL_WIDTH)}${c.dim(`${t.channel} ${t.dir === 'send' ? '→' : t.dir === 'recv' ? '←' : '·'} ${printable(t.summary)}`)}`);
      }
      out.push(...blockedList(cause.blocked, c, 6));
    }
    out.push('');
  }
  out.push(...summaryLines(results, c, paint, withVerdict), '');
  return out.join('\n');
}

function blockedList(blocked: Check[], c: Colors, indent: number): string[] {
  if (!blocked.length) return [];
  const pad = ' '.repeat(indent);
  return [
    `${pad}${c.dim('blocked'.padEnd(LABEL_WIDTH))}${plural(blocked.length, 'check')}:`,
    ...blocked.map((b) => `${pad}${' '.repeat(LABEL_WIDTH)}${SYMBOL.blocked} ${printable(b.id)} [${b.level}] ${printable(b.title)}`),
  ];
}

function levelTag(level: Level, c: Colors): string {
  const tag = `[${level}]`;
  return level === 'MUST' ? c.bold(tag) : level === 'SHOULD' ? tag : c.dim(tag);
}

function checkLines(check: Check, c: Colors, paint: Record<Status, (s: string) => string>, results: RunResults, hints: Map<string, string>, blocked: Check[]): string[] {
  const known = results.baseline?.known.includes(check.id) ? c.dim(' (known: in the baseline)') : '';
  const finding = (check.status === 'fail' || check.status === 'error') && !isGating(check, results.strict) ? c.dim(` (${check.level}: not gating${results.strict ? '' : ' without --strict'})`) : '';
  const head = `    ${paint[check.status](SYMBOL[check.status])} ${printable(check.id)} ${levelTag(check.level, c)} ${printable(check.title)} ${c.dim(`(${formatMs(check.durationMs)})`)}${finding}${known}`;
  if (check.status === 'pass') return [head];
  if (check.status === 'skip') return [`${head} ${c.dim(`— skipped: ${printable(check.reason)}`)}`];
  if (check.status === 'blocked') return [`${head} ${c.dim(`— blocked by ${check.blockedBy ? `${check.blockedBy.kind} ${printable(check.blockedBy.id)}` : 'a setup failure'}`)}`];
  const lines = [head];
  const field = (label: string, values: string[], style: (s: string) => string = (s) => s): void => {
    const pad = ' '.repeat(8);
    values.forEach((value, i) => {
      const name = i === 0 ? c.dim(label.padEnd(LABEL_WIDTH)) : ' '.repeat(LABEL_WIDTH);
      printable(value).split('\n').forEach((line, j) => {
        lines.push(`${pad}${j === 0 ? name : ' '.repeat(LABEL_WIDTH)}${style(line)}`);
      });
    });
  };
  field('reason', [check.reason], paint[check.status]);
  field('expected', check.expected.length > 0 ? check.expected : ['(nothing stated)']);
  field('observed', [check.observed || '(nothing)']);
  // What held before it broke: where in the check the failure came.
  if (check.observations?.length) field('held', check.observations.map((o) => o.reason), c.dim);
  const decision = decisionFor(check.decision ?? (check.doc.startsWith('D-') ? check.doc : undefined));
  if (decision) field('decision', [`${decision.id} (the document is silent): ${firstSentence(decision.decision)}`], c.dim);
  if (check.hint) {
    // One hint once: a second failure with the same cause points at the first.
    const first = hints.get(check.hint);
    if (first) field('hint', [`same as ${first}`], c.yellow);
    else {
      hints.set(check.hint, check.id);
      field('hint', [check.hint], c.yellow);
    }
  }
  if (check.reproduce && check.reproduce.length > 0) field('reproduce', check.reproduce.map((l) => `$ ${l}`), c.dim);
  lines.push(...blockedList(blocked, c, 8));
  return lines;
}

function summaryLines(results: RunResults, c: Colors, paint: Record<Status, (s: string) => string>, withVerdict: boolean): string[] {
  const s = results.summary;
  const statusCounts = STATUSES.map((st) => {
    const text = `${s[st]} ${st}`;
    return s[st] > 0 ? paint[st](text) : c.dim(text);
  });
  const byLevel = countsByLevel(results);
  const levelParts = LEVELS.filter((l) => STATUSES.some((st) => byLevel[l][st] > 0)).map((level) => {
    const counts = byLevel[level];
    const n = STATUSES.reduce((sum, st) => sum + counts[st], 0);
    const detail = STATUSES.filter((st) => counts[st] > 0).map((st) => `${counts[st]} ${st}`).join(', ');
    return `${level} ${n} (${detail})`;
  });
  const verdict = s.verdict === 'pass' ? c.bold(c.green('PASS')) : s.verdict === 'incomplete' ? c.bold(c.cyan('INCOMPLETE')) : c.bold(c.red('FAIL'));
  const lines = [
    `${c.dim('Checks'.padEnd(9))}${s.total} total · ${statusCounts.join(' · ')}`,
    `${c.dim('Levels'.padEnd(9))}${levelParts.length > 0 ? levelParts.join(' · ') : 'none'}`,
  ];
  const b = results.baseline;
  if (b) lines.push(`${c.dim('Baseline'.padEnd(9))}${b.file}: ${b.known.length} known · ${b.new.length} new${b.new.length ? ` (${b.new.join(', ')})` : ''}${b.fixed.length ? ` · fixed: ${b.fixed.join(', ')}` : ''}`);
  for (const line of limitLines(results)) lines.push(`${c.dim('Limits'.padEnd(9))}${line}`);
  if (withVerdict) lines.push(`${c.dim('Verdict'.padEnd(9))}${verdict} — ${verdictReason(results)} · ${formatMs(s.durationMs)}`);
  return lines;
}
