// Console reporter: progress while checks run, then the profile → section → check tree with every
// failure spelled out (reason, expected, observed, hint, reproduction), then counts and the verdict.
// On a TTY progress is one symbol per check; in CI (or when piped) it is one plain line per check.
import pc from 'picocolors';
import type { Redactor } from '../core/redact.ts';
import type { Check, Level, Status } from '../generated/types/meta/results.ts';
import type { Reporter, ReporterOptions, RunResults } from './reporter.ts';
import { printable, redactResults, redactorFor } from './sanitize.ts';
import { LEVELS, STATUSES, SYMBOL, countsByLevel, formatMs, groupChecks, plural, verdictReason } from './summary.ts';

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
      const why = result.status === 'pass' ? '' : ` — ${clean(result.reason)}`;
      stream.write(`[${counter()}] ${paint[result.status](`${SYMBOL[result.status]} ${result.status.padEnd(5)}`)} ${clean(result.id)} (${formatMs(result.durationMs)})${why}\n`);
    },

    async onRunEnd(raw) {
      redactor = redactorFor(raw.target);
      const results = redactResults(raw, redactor);
      if (tty && dotsOnLine > 0) stream.write(` ${c.dim(counter())}\n`);
      dotsOnLine = 0;
      stream.write(render(results, c, paint));
      return [];
    },
  };
}

function render(results: RunResults, c: Colors, paint: Record<Status, (s: string) => string>): string {
  const out: string[] = [''];
  for (const group of groupChecks(results.checks)) {
    out.push(c.bold(printable(group.profile)));
    for (const section of group.sections) {
      out.push(`  ${c.cyan(printable(section.doc))}`);
      for (const check of section.checks) out.push(...checkLines(check, c, paint));
    }
    out.push('');
  }
  out.push(...summaryLines(results, c, paint), '');
  return out.join('\n');
}

function levelTag(level: Level, c: Colors): string {
  const tag = `[${level}]`;
  return level === 'MUST' ? c.bold(tag) : level === 'SHOULD' ? tag : c.dim(tag);
}

function checkLines(check: Check, c: Colors, paint: Record<Status, (s: string) => string>): string[] {
  const head = `    ${paint[check.status](SYMBOL[check.status])} ${printable(check.id)} ${levelTag(check.level, c)} ${printable(check.title)} ${c.dim(`(${formatMs(check.durationMs)})`)}`;
  if (check.status === 'pass') return [head];
  if (check.status === 'skip') return [`${head} ${c.dim(`— skipped: ${printable(check.reason)}`)}`];
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
  if (check.hint) field('hint', [check.hint], c.yellow);
  if (check.reproduce && check.reproduce.length > 0) field('reproduce', check.reproduce.map((l) => `$ ${l}`), c.dim);
  return lines;
}

function summaryLines(results: RunResults, c: Colors, paint: Record<Status, (s: string) => string>): string[] {
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
  const verdict = s.verdict === 'pass' ? c.bold(c.green('PASS')) : c.bold(c.red('FAIL'));
  return [
    `${c.dim('Checks'.padEnd(9))}${s.total} total · ${statusCounts.join(' · ')}`,
    `${c.dim('Levels'.padEnd(9))}${levelParts.length > 0 ? levelParts.join(' · ') : 'none'}`,
    `${c.dim('Verdict'.padEnd(9))}${verdict} — ${verdictReason(results)} · ${formatMs(s.durationMs)}`,
  ];
}
