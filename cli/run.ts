// chatconform run: the main job. With no target it starts the embedded reference server of each profile.
// Whatever the reporters, stdout ends with one verdict line and where each report was written.
import { join } from 'node:path';
import { DIALECTS, isDialect } from '../core/dialects.ts';
import { didYouMean } from '../core/suggest.ts';
import type { TargetFile } from '../core/target.ts';
import type { RunResults } from '../generated/types/meta/results.ts';
import { FAULTS, FUZZ_FAULTS, canonicalFault } from '../reference-server/faults.ts';
import { VARIANTS } from '../reference-server/variants.ts';
import { parseDuration } from '../harness/wait-for-target.ts';
import { EXIT, UsageError, list, type CommandSpec } from './command.ts';
import { REPORTER_NAMES } from '../reports/names.ts';
import { verdictLines } from './verdict.ts';
import { IMAGE_FLAGS, imageSpec, withImage } from './image.ts';

export { list };

function positiveInt(value: unknown, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} needs a positive whole number, got '${value}'`);
  return n;
}

function pairs(values: string[], flag: string): [string, string][] {
  return values.map((v) => {
    const at = v.indexOf('=');
    if (at <= 0) throw new UsageError(`${flag} takes NAME=VALUE, got '${v}'`);
    return [v.slice(0, at), v.slice(at + 1)];
  });
}

/** --target URL with --token role=T, --credential role.field=V and --fixture name=V make a target file in memory. */
function targetFromFlags(opts: Record<string, unknown>, profile: string): TargetFile {
  const users: TargetFile['users'] = {};
  for (const [role, token] of pairs(list(opts.token), '--token')) users[role] = { ...users[role], token };
  for (const [key, value] of pairs(list(opts.credential), '--credential')) {
    const [role, field] = key.split('.');
    if (!field) throw new UsageError(`--credential takes ROLE.FIELD=VALUE (e.g. patient.phone=+998901234567), got '${key}'`);
    users[role] = { ...users[role], credentials: { ...(users[role]?.credentials ?? {}), [field]: value } };
  }
  const fixtures = Object.fromEntries(pairs(list(opts.fixture), '--fixture').map(([k, v]) => [k, /^\d+$/.test(v) ? Number(v) : v]));
  if (!Object.keys(users).length) throw new UsageError('--target needs at least one user: --token ROLE=TOKEN or --credential ROLE.FIELD=VALUE (or use --target-file)');
  return { profile: profile as TargetFile['profile'], baseUrl: String(opts.target), users, fixtures };
}

/** A profile name that is not a dialect, or has no suite, is a usage error with a suggestion. */
function checkProfiles(requested: string[], suites: string[]): void {
  for (const p of requested) {
    if (!isDialect(p)) throw new UsageError(`unknown profile '${p}'${didYouMean(p, DIALECTS)}; profiles: ${DIALECTS.join(', ')}`);
    if (!suites.includes(p)) throw new UsageError(`no conformance suite for profile '${p}' yet (suites: ${suites.join(', ')})`);
  }
}

/** An unknown fault, or one of another profile, says which profile it belongs to. */
function checkFaults(faults: string[], profiles: string[]): void {
  // Several profiles may share a fault name (login-no-refresh): a name maps to every profile that has it.
  const owners = new Map<string, string[]>();
  // Fuzz-only faults (reference-server/fuzz-faults.ts) switch the embedded server too, for run --fuzz.
  // An old name (reference-server/faults.ts `aliases`) belongs where its canonical name does.
  for (const table of [FAULTS, FUZZ_FAULTS]) {
    for (const [p, fs] of Object.entries(table)) {
      for (const f of fs as readonly { name: string; aliases?: readonly string[] }[]) for (const n of [f.name, ...(f.aliases ?? [])]) owners.set(n, [...(owners.get(n) ?? []), p]);
    }
  }
  for (const f of faults) {
    const belongs = owners.get(f);
    if (!belongs) {
      const near = didYouMean(f, owners.keys());
      const hint = near ? near.replace(/'([^']+)'/g, (_, n: string) => `'${n}' (${owners.get(n)!.join(', ')})`) : '';
      throw new UsageError(`unknown fault '${f}'${hint}; see 'chatconform serve --list-faults --profile <name>'`);
    }
    const wrong = profiles.filter((p) => !belongs.includes(p));
    if (wrong.length) throw new UsageError(`fault '${f}' belongs to profile ${belongs.join(', ')}, not ${wrong.join(', ')}`);
  }
}

/**
 * Without --profile every profile with a suite runs; --only and --fault then narrow that to the profiles
 * they can apply to (`--only 'medmapp-rate-*'` needs no `--profile medmapp`). When none fits, all are kept
 * so that the usual usage error (no check matches, unknown fault) names the problem.
 */
export async function defaultProfiles(only: string[], faults: string[], variants: string[] = []): Promise<string[]> {
  const { SUITES } = await import('../suites/index.ts');
  const { selectChecks } = await import('../harness/select.ts');
  const all = Object.keys(SUITES);
  const fit = all.filter(
    (p) =>
      (!only.length || selectChecks(SUITES[p]!.checks, only).length > 0) &&
      faults.every((f) => (FAULTS[p] ?? []).some((x) => x.name === canonicalFault(p, f))) &&
      variants.every((v) => (VARIANTS[p] ?? []).some((x) => x.name === v)),
  );
  return fit.length ? fit : all;
}

export const command: CommandSpec = {
  name: 'run',
  description: 'run the conformance checks against a target (default: the embedded reference server of each profile)',
  flags: [
    { flags: '--profile <name>', description: 'dialect to check (repeatable)', repeatable: true, defaultText: 'every profile with a suite' },
    { flags: '--target-file <file>', description: 'JSON target file describing your server (see README)' },
    { flags: '--target <url>', description: 'base URL of your server, with --token/--credential/--fixture instead of a target file' },
    { flags: '--token <role=token>', description: 'a ready access token for a role (with --target)', repeatable: true },
    { flags: '--credential <role.field=value>', description: 'a login field for a role (with --target)', repeatable: true },
    { flags: '--fixture <name=value>', description: 'an existing room or conversation id (with --target)', repeatable: true },
    { flags: '--only <glob>', description: "run only matching check ids, e.g. 'medmapp-auth-0[1-3]' or 'medmapp-{rate,err}-*' (repeatable)", repeatable: true },
    { flags: '--exclude <glob>', description: 'skip matching check ids (repeatable)', repeatable: true },
    { flags: '--strict', description: 'SHOULD failures fail the run too', default: false },
    { flags: '--reporter <names>', description: 'report formats (repeatable or comma-separated)', repeatable: true, choices: [...REPORTER_NAMES], defaultText: 'all four' },
    { flags: '--out <dir>', description: 'where report files go (one sub-folder per profile when several run)', default: '.chatconform/reports' },
    { flags: '--timeout <ms>', description: 'timeout of every network wait', default: '3000' },
    { flags: '--deadline <ms>', description: 'deadline of the whole run', default: '120000' },
    { flags: '--concurrency <n>', description: 'checks run at once', default: '8' },
    { flags: '--wait-for-target <duration>', description: 'retry the first connection this long, e.g. 30s (a server just started)', defaultText: 'no retry' },
    { flags: '--baseline <file>', description: 'known failures (from --write-baseline): only other failures fail the run; fixed ones are named' },
    { flags: '--write-baseline <file>', description: "write this run's failures (ids and reasons) as a baseline" },
    { flags: '--fault <name>', description: 'switch a fault on in the embedded server (proves checks can fail; see serve --list-faults)', repeatable: true },
    { flags: '--variant <name>', description: 'make the embedded server take another reading the document allows (see serve --list-variants)', repeatable: true },
    { flags: '--fuzz', description: 'after the checks, fuzz the same target (reports in <out>/fuzz); findings then fail the run', default: false },
    ...IMAGE_FLAGS,
  ],
  async action(opts) {
    if (opts.targetFile && opts.target) throw new UsageError('give --target-file or --target, not both');
    const { SUITES } = await import('../suites/index.ts');
    const requested = list(opts.profile);
    checkProfiles(requested, Object.keys(SUITES));
    const faults = list(opts.fault);
    checkFaults(faults, requested);
    if (opts.targetFile && requested.length > 1) throw new UsageError('--target-file describes one server of one profile; give at most one --profile');
    if (opts.image && requested.length > 1) throw new UsageError('--image serves one profile: give at most one --profile');
    const image = imageSpec(opts, requested[0]);
    const variants = list(opts.variant);
    const profiles: (string | undefined)[] = opts.targetFile || image ? [requested[0]] : requested.length ? requested : await defaultProfiles(list(opts.only), faults, variants);
    if (opts.target && profiles.length !== 1) throw new UsageError('--target needs exactly one --profile');
    const waitMs = opts.waitForTarget === undefined ? 0 : parseDuration(String(opts.waitForTarget));
    if (!Number.isFinite(waitMs) || waitMs < 0 || waitMs > 3_600_000) throw new UsageError(`--wait-for-target needs a duration up to 1h such as 30s or 2m, got '${String(opts.waitForTarget)}'`);

    // Patterns are checked against every selected profile's checks at once (medmapp-* with two profiles).
    const { selectChecks, unmatchedPatterns } = await import('../harness/select.ts');
    const named = profiles.filter((p): p is string => Boolean(p));
    if (named.length) {
      const ids = named.flatMap((p) => SUITES[p]!.checks.map((c) => c.id));
      const problem = [unmatchedPatterns('--only', list(opts.only), ids), unmatchedPatterns('--exclude', list(opts.exclude), ids)].filter(Boolean).join('\n');
      if (problem) throw new UsageError(problem);
      for (const p of named) {
        if (!selectChecks(SUITES[p]!.checks, list(opts.only), list(opts.exclude)).length && named.length === 1) throw new UsageError(`--only/--exclude leave no ${p} check to run; see 'chatconform list'`);
      }
    }

    const { TargetUnreachable, runConformance, VERSION } = await import('../index.ts');
    const { createReporters } = await import('../reports/reporter.ts');
    const { loadBaseline, writeBaseline } = await import('../harness/baseline.ts');
    const baseline = typeof opts.baseline === 'string' ? { file: opts.baseline, baseline: await loadBaseline(opts.baseline) } : undefined;
    const reporterNames = list(opts.reporter).length ? list(opts.reporter) : [...REPORTER_NAMES];
    const runs: { profile: string; results?: RunResults; unreachable?: string; files: string[] }[] = [];
    let fuzzCode = 0;
    for (const profile of profiles) {
      const outDir = profiles.length > 1 ? join(String(opts.out), profile!) : String(opts.out);
      let reporters;
      try {
        reporters = createReporters(reporterNames, { outDir, verdictLine: false });
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      const files: string[] = [];
      const recorded = reporters.map((r) => ({ ...r, onRunEnd: async (res: RunResults) => { const f = await r.onRunEnd(res); files.push(...f); return f; } }));
      try {
        const run = {
          profile,
          targetFile: opts.targetFile as string | undefined,
          target: opts.target ? targetFromFlags(opts, profile!) : undefined,
          only: list(opts.only),
          exclude: list(opts.exclude),
          strict: Boolean(opts.strict),
          timeoutMs: positiveInt(opts.timeout, '--timeout'),
          deadlineMs: positiveInt(opts.deadline, '--deadline'),
          concurrency: positiveInt(opts.concurrency, '--concurrency'),
          waitForTargetMs: waitMs,
          faults,
          variants,
          baseline,
          reporters: recorded,
        };
        const results = image
          ? await withImage(image, run, (c) => runConformance({ ...run, targetFile: undefined, target: c.target, deadlineMs: c.remainingMs, reporters: c.withLog(recorded) }))
          : await runConformance(run);
        runs.push({ profile: results.target.profile, results, files });
        // Fuzz findings are their own evidence: they count only when --fuzz asks for them.
        if (opts.fuzz) {
          const { fuzzForRun } = await import('../fuzz/session.ts');
          const target = opts.target ? targetFromFlags(opts, profile!) : undefined;
          fuzzCode = Math.max(fuzzCode, await fuzzForRun({ profile, targetFile: opts.targetFile as string | undefined, target, faults, reporterNames, outDir, timeoutMs: positiveInt(opts.timeout, '--timeout') }));
        }
      } catch (err) {
        if (err instanceof TargetUnreachable) {
          process.stderr.write(`chatconform: ${err.message}\n`);
          runs.push({ profile: profile ?? String(opts.targetFile), unreachable: err.message, files });
          continue;
        }
        if (err instanceof Error && err.name === 'TargetError') throw err;
        if (err instanceof Error && /unknown (fault|variant)/i.test(err.message)) throw new UsageError(err.message);
        throw err;
      }
    }
    const lines = verdictLines(runs);
    if (typeof opts.writeBaseline === 'string') {
      const written = await writeBaseline(opts.writeBaseline, runs.flatMap((r) => (r.results ? [r.results] : [])), VERSION);
      lines.push(`baseline written to ${opts.writeBaseline} (${written.failures.length} known failure${written.failures.length === 1 ? '' : 's'})`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    const code = exitCode(runs);
    return fuzzCode && code !== EXIT.checkFailed ? EXIT.checkFailed : code;
  },
};

/** 1 when a gating check failed anywhere, then 3 for an unreachable target, then 4 for an incomplete run. */
export function exitCode(runs: { results?: RunResults; unreachable?: string }[]): number {
  const verdicts = runs.map((r) => (r.unreachable ? 'unreachable' : r.results!.summary.verdict));
  if (verdicts.includes('fail')) return EXIT.checkFailed;
  if (verdicts.includes('unreachable')) return EXIT.unreachable;
  if (verdicts.includes('incomplete')) return EXIT.incomplete;
  return EXIT.ok;
}
