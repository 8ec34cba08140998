// chatconform fuzz: the project's fuzz generators against any target, bounded by --cases and --duration.
// Findings (a crash, a 5xx, a hang, a disallowed shape) go to the usual reporters, apart from conformance.
import { isDialect } from '../core/profiles.ts';
import { TargetError } from '../core/target.ts';
import { TargetUnreachable } from '../harness/runner.ts';
import { FAMILIES, type Family } from '../fuzz/cases.ts';
import { fuzzExitCode, fuzzSession } from '../fuzz/session.ts';
import { createReporters } from '../reports/reporter.ts';
import { SERVED_PROFILES } from '../reference-server/index.ts';
import { EXIT, UsageError, type CommandSpec } from './command.ts';
import { list } from './run.ts';

function wholeNumber(value: unknown, flag: string, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} needs a whole number of at least ${min}, got '${value}'`);
  return n;
}

/** `90s`, `2m`, `1500ms` or a plain number of seconds. */
export function parseDuration(value: unknown): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(String(value).trim());
  if (!m) throw new UsageError(`--duration takes e.g. 60s, 2m or 1500ms, got '${value}'`);
  const n = Number(m[1]);
  const ms = m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
  if (ms < 1 || ms > 24 * 3600_000) throw new UsageError(`--duration must be between 1 ms and 24 h, got '${value}'`);
  return Math.round(ms);
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[?::1\]?)$/i;

export const command: CommandSpec = {
  name: 'fuzz',
  description: 'send generated malformed requests and frames; report crashes, 5xx, hangs and disallowed shapes (apart from conformance)',
  flags: [
    { flags: '--target-file <file>', description: 'JSON target file of your server (default: the embedded reference server, in a child process)' },
    { flags: '--profile <name>', description: 'dialect of the embedded server', choices: [...SERVED_PROFILES] },
    { flags: '--cases <n>', description: 'at most this many cases', default: '1000' },
    { flags: '--duration <time>', description: 'and at most this long (60s, 2m, 1500ms)', default: '60s' },
    { flags: '--seed <n>', description: 'generator seed (the same seed gives the same cases); default: random, printed' },
    { flags: '--case <id>', description: 'only this case id of the seed (a reproduction; repeatable)', repeatable: true },
    { flags: '--family <name>', description: `only these case families (repeatable): ${FAMILIES.join(', ')}`, repeatable: true },
    { flags: '--timeout <ms>', description: 'timeout of every exchange', default: '3000' },
    { flags: '--reporter <names>', description: 'console, json, junit, html (repeatable or comma-separated)', repeatable: true },
    { flags: '--out <dir>', description: 'where report files go', default: '.chatconform/reports/fuzz' },
    { flags: '--fault <name>', description: 'switch a fault on in the embedded server (conformance or fuzz-only, e.g. fuzz-crash-non-string-title)', repeatable: true },
    { flags: '--allow-remote', description: 'fuzz a target that is not on this machine (default: loopback only)', default: false },
  ],
  async action(opts) {
    if (opts.profile && !isDialect(String(opts.profile))) throw new UsageError(`unknown profile '${opts.profile}'`);
    const families = list(opts.family);
    for (const f of families) if (!(FAMILIES as readonly string[]).includes(f)) throw new UsageError(`unknown family '${f}'; valid: ${FAMILIES.join(', ')}`);
    const seed = opts.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : wholeNumber(opts.seed, '--seed', 0);
    const reporterNames = list(opts.reporter).length ? list(opts.reporter) : ['console', 'json', 'junit', 'html'];
    let reporters;
    try {
      reporters = createReporters(reporterNames, { outDir: String(opts.out) });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    try {
      const session = await fuzzSession({
        profile: opts.profile as string | undefined,
        targetFile: opts.targetFile as string | undefined,
        faults: list(opts.fault),
        cases: wholeNumber(opts.cases, '--cases'),
        durationMs: parseDuration(opts.duration),
        seed,
        timeoutMs: wholeNumber(opts.timeout, '--timeout'),
        only: list(opts.case).map((c) => wholeNumber(c, '--case')),
        families: families as Family[],
        reporters,
        beforeStart: (baseUrl) => {
          const host = new URL(baseUrl).hostname;
          if (!opts.allowRemote && !LOOPBACK.test(host)) throw new UsageError(`fuzz traffic goes to this machine only; ${host} is not a loopback address (--allow-remote to fuzz it anyway)`);
        },
      });
      return fuzzExitCode(session) ? EXIT.checkFailed : EXIT.ok;
    } catch (err) {
      if (err instanceof TargetUnreachable) {
        process.stderr.write(`chatconform: ${err.message}\n`);
        return EXIT.unreachable;
      }
      if (err instanceof TargetError || err instanceof UsageError) throw err;
      if (err instanceof Error && /unknown fault/i.test(err.message)) throw new UsageError(err.message);
      throw err;
    }
  },
};
