// chatconform run: the main job. With no target it starts the embedded reference server of each profile.
import { join } from 'node:path';
import { isDialect } from '../core/profiles.ts';
import { TargetError, type TargetFile } from '../core/target.ts';
import { TargetUnreachable, runConformance, selectChecks } from '../harness/runner.ts';
import { FAULTS } from '../reference-server/faults.ts';
import { VARIANTS } from '../reference-server/variants.ts';
import { SUITES } from '../suites/index.ts';
import { createReporters } from '../reports/reporter.ts';
import { fuzzForRun } from '../fuzz/session.ts';
import { EXIT, UsageError, type CommandSpec } from './command.ts';
import { IMAGE_FLAGS, imageSpec, withImage } from './image.ts';

/** `a,b` and repeated flags alike. */
export function list(value: unknown): string[] {
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items.flatMap((v) => String(v).split(',')).map((s) => s.trim()).filter(Boolean);
}

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

/**
 * Without --profile every profile with a suite runs; --only, --fault and --variant then narrow that to the profiles
 * they can apply to (`--only 'medmapp-rate-*'` needs no `--profile medmapp`). When none fits, all are kept
 * so that the usual usage error (no check matches, unknown fault) names the problem.
 */
export function defaultProfiles(only: string[], faults: string[], variants: string[] = []): string[] {
  const all = Object.keys(SUITES);
  const fit = all.filter(
    (p) =>
      (!only.length || selectChecks(SUITES[p]!.checks, only).length > 0) &&
      faults.every((f) => (FAULTS[p] ?? []).some((x) => x.name === f)) &&
      variants.every((v) => (VARIANTS[p] ?? []).some((x) => x.name === v)),
  );
  return fit.length ? fit : all;
}

export const command: CommandSpec = {
  name: 'run',
  description: 'run the conformance checks against a target (default: the embedded reference server of each profile)',
  flags: [
    { flags: '--profile <name>', description: 'dialect to check (repeatable); default: every profile with a suite', repeatable: true },
    { flags: '--target-file <file>', description: 'JSON target file describing your server (see README)' },
    { flags: '--target <url>', description: 'base URL of your server, with --token/--credential/--fixture instead of a target file' },
    { flags: '--token <role=token>', description: 'a ready access token for a role (with --target)', repeatable: true },
    { flags: '--credential <role.field=value>', description: 'a login field for a role (with --target)', repeatable: true },
    { flags: '--fixture <name=value>', description: 'an existing room or conversation id (with --target)', repeatable: true },
    { flags: '--only <glob>', description: 'run only matching check ids, e.g. medmapp-rate-* (repeatable)', repeatable: true },
    { flags: '--exclude <glob>', description: 'skip matching check ids (repeatable)', repeatable: true },
    { flags: '--strict', description: 'SHOULD failures fail the run too', default: false },
    { flags: '--reporter <names>', description: 'console, json, junit, html (repeatable or comma-separated)', repeatable: true },
    { flags: '--out <dir>', description: 'where report files go', default: '.chatconform/reports' },
    { flags: '--timeout <ms>', description: 'timeout of every network wait', default: '3000' },
    { flags: '--deadline <ms>', description: 'deadline of the whole run', default: '120000' },
    { flags: '--concurrency <n>', description: 'checks run at once', default: '8' },
    { flags: '--fault <name>', description: 'switch a fault on in the embedded server (proves checks can fail; see serve --list-faults)', repeatable: true },
    { flags: '--variant <name>', description: 'make the embedded server take another reading the document allows (see serve --list-variants)', repeatable: true },
    ...IMAGE_FLAGS,
    { flags: '--fuzz', description: 'after the checks, fuzz the same target (reports in <out>/fuzz); findings then fail the run', default: false },
  ],
  async action(opts) {
    if (opts.targetFile && opts.target) throw new UsageError('give --target-file or --target, not both');
    const requested = list(opts.profile);
    for (const p of requested) if (!isDialect(p)) throw new UsageError(`unknown profile '${p}'`);
    if (opts.image && requested.length > 1) throw new UsageError('--image serves one profile: give at most one --profile');
    const image = imageSpec(opts, requested[0]);
    const profiles = opts.targetFile ? [undefined] : image ? [requested[0]] : requested.length ? requested : defaultProfiles(list(opts.only), list(opts.fault), list(opts.variant));
    if (opts.target && profiles.length !== 1) throw new UsageError('--target needs exactly one --profile');
    const reporterNames = list(opts.reporter).length ? list(opts.reporter) : ['console', 'json', 'junit', 'html'];
    let code: number = EXIT.ok;
    for (const profile of profiles) {
      const outDir = profiles.length > 1 ? join(String(opts.out), profile!) : String(opts.out);
      let reporters;
      try {
        reporters = createReporters(reporterNames, { outDir });
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
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
          faults: list(opts.fault),
          variants: list(opts.variant),
          reporters,
        };
        const results = image
          ? await withImage(image, run, (c) => runConformance({ ...run, targetFile: undefined, target: c.target, deadlineMs: c.remainingMs, reporters: c.withLog(reporters) }))
          : await runConformance(run);
        if (results.summary.verdict === 'fail') code = Math.max(code, EXIT.checkFailed);
        // Fuzz findings are their own evidence: they count only when --fuzz asks for them.
        if (opts.fuzz) {
          const target = opts.target ? targetFromFlags(opts, profile!) : undefined;
          code = Math.max(code, await fuzzForRun({ profile, targetFile: opts.targetFile as string | undefined, target, faults: list(opts.fault), reporterNames, outDir, timeoutMs: positiveInt(opts.timeout, '--timeout') }));
        }
      } catch (err) {
        if (err instanceof TargetUnreachable) {
          process.stderr.write(`chatconform: ${err.message}\n`);
          code = Math.max(code, EXIT.unreachable);
          continue;
        }
        if (err instanceof TargetError) throw err;
        if (err instanceof Error && /unknown (fault|variant)/i.test(err.message)) throw new UsageError(err.message);
        throw err;
      }
    }
    return code;
  },
};
