// chatconform load: k6 load runs (load/*.ts) against a target, or the embedded reference server.
// A thin shell over load/run.ts; exits with k6's verdict (0 pass, 1 thresholds crossed).
import { relative } from 'node:path';
import { isDialect } from '../core/dialects.ts';
import type { Scenario } from '../load/fixture.ts';
import { EXIT, UsageError, type CommandSpec } from './command.ts';
import { IMAGE_FLAGS, imageSpec, withImage } from './image.ts';

// The k6 side loads only when the command runs (`load --help` stays fast); the compiler keeps this
// list in step with the Scenario type.
const SCENARIO_SET: Record<Scenario, true> = { broadcast: true, 'over-limit': true, 'connect-storm': true };
const SCENARIOS = Object.keys(SCENARIO_SET) as Scenario[];
/** Rooms when --rooms is not given: a target that allows fewer (five pairs of users, three conversations) gets as many as it allows. */
const DEFAULT_ROOMS = 10;
let durationToMs: (text: string) => number;

function positive(value: unknown, flag: string, integer = true): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${flag} needs a positive ${integer ? 'whole ' : ''}number, got '${value}'`);
  }
  return n;
}

function duration(value: unknown, flag: string): string {
  const text = String(value);
  try {
    durationToMs(text);
  } catch {
    throw new UsageError(`${flag} needs a duration such as 30s or 1m30s, got '${text}'`);
  }
  return /^\d+$/.test(text) ? `${text}s` : text;
}

function tokens(values: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of (values as string[] | undefined) ?? []) {
    const at = v.indexOf('=');
    if (at <= 0) throw new UsageError("--token takes ROLE=TOKEN, e.g. operator=eyJ...");
    out[v.slice(0, at)] = v.slice(at + 1);
  }
  return out;
}

export const command: CommandSpec = {
  name: 'load',
  description: 'load-test rooms with k6: fan-out latency, loss, limiter false positives (default: the embedded reference server)',
  flags: [
    { flags: '--profile <name>', description: 'dialect of the target', default: 'medmapp' },
    { flags: '--target-file <file>', description: 'JSON target file of your server; without it the embedded reference server runs' },
    { flags: '--scenario <name>', description: 'which k6 script', default: 'broadcast', choices: SCENARIOS },
    { flags: '--rooms <n>', description: 'rooms (conversations) to create (default: 10, or as many as the target allows where it allows fewer: a care chat per pair of users, Fiko the agent\'s conversations)' },
    { flags: '--members <n>', description: 'connections per room (Medmapp: alternating patient and operator sockets)', default: '4' },
    { flags: '--rate <n>', description: 'messages per second per member (default: the profile limit; over-limit: limit + 3)' },
    { flags: '--duration <d>', description: 'sending time, e.g. 30s (connect-storm: the ramp)', default: '30s' },
    { flags: '--connections <n>', description: 'connect-storm: sockets to open (default rooms x members)' },
    { flags: '--hold <d>', description: 'connect-storm: how long all sockets stay open', default: '5s' },
    { flags: '--p99 <ms>', description: 'broadcast: p99 fan-out latency must stay under this', default: '100' },
    { flags: '--max-loss <n>', description: 'deliveries that may go missing', default: '0' },
    { flags: '--token <role=token>', description: 'a ready access token for a role instead of logging in', repeatable: true },
    { flags: '--out <dir>', description: 'output folder (default .chatconform/load/<timestamp>/)' },
    { flags: '--no-dashboard', description: "skip k6's HTML dashboard export" },
    { flags: '--fault <name>', description: 'switch a fault on in the embedded server (see serve --list-faults)', repeatable: true },
    { flags: '--verbose', description: "echo k6's (redacted) output", default: false },
    ...IMAGE_FLAGS,
    { flags: '--no-progress', description: 'no progress line every 5 s while k6 runs' },
    { flags: '--export <dir>', description: 'write the k6 scripts, the fixture and a k6-operator TestRun manifest for a cluster run, then exit' },
  ],
  async action(opts) {
    const { K6MissingError } = await import('../load/k6.ts');
    const { ProvisionError } = await import('../load/provision.ts');
    const { idsWith } = await import('../dialects.ts');
    const run = await import('../load/run.ts');
    const { exportLoad, formatTable } = run;
    const { runLoad } = await import('../index.ts');
    const { TargetUnreachable } = await import('../harness/runner.ts');
    durationToMs = run.durationToMs;
    const profile = String(opts.profile);
    if (!isDialect(profile)) throw new UsageError(`unknown profile '${profile}'`);
    const provisioned: readonly string[] = idsWith('load');
    if (!provisioned.includes(profile)) throw new UsageError(`load rooms can be provisioned for ${provisioned.join(', ')}; not yet for '${profile}'`);
    const scenario = String(opts.scenario) as Scenario;
    const maxLoss = Number(opts.maxLoss);
    if (!Number.isInteger(maxLoss) || maxLoss < 0) throw new UsageError(`--max-loss needs a whole number >= 0, got '${opts.maxLoss}'`);
    if (opts.fault && opts.targetFile) throw new UsageError('--fault switches the embedded server; it cannot be used with --target-file');
    const image = imageSpec(opts, profile);
    const options = {
      profile,
      targetFile: opts.targetFile as string | undefined,
      scenario,
      rooms: opts.rooms === undefined ? DEFAULT_ROOMS : positive(opts.rooms, '--rooms'),
      roomsUpTo: opts.rooms === undefined,
      members: positive(opts.members, '--members'),
      rate: opts.rate === undefined ? undefined : positive(opts.rate, '--rate', false),
      duration: duration(opts.duration, '--duration'),
      connections: opts.connections === undefined ? undefined : positive(opts.connections, '--connections'),
      hold: duration(opts.hold, '--hold'),
      p99: positive(opts.p99, '--p99', false),
      maxLoss,
      tokens: tokens(opts.token),
      outDir: opts.out as string | undefined,
      dashboard: opts.dashboard !== false,
      faults: (opts.fault as string[] | undefined) ?? [],
      log: opts.verbose ? (line: string) => process.stderr.write(`k6: ${line}\n`) : undefined,
      // stdout, so `chatconform load | cat` or `| tee` shows it too.
      progress: opts.progress === false ? undefined : (line: string) => process.stdout.write(`  ${line}\n`),
    };
    if (options.rooms * options.members > 5000) throw new UsageError('at most 5000 connections per run (rooms x members)');
    if (durationToMs(options.duration) > 30 * 60_000) throw new UsageError('--duration is capped at 30m');
    if (typeof opts.export === 'string') {
      if (!options.targetFile) throw new UsageError('--export needs --target-file: the cluster must reach your server (the embedded one listens on 127.0.0.1 only)');
      try {
        const exported = await exportLoad({ ...options, targetFile: options.targetFile }, opts.export);
        process.stdout.write(`chatconform load: k6-operator run written to ${relative(process.cwd(), exported.dir) || '.'}/\n${exported.files.map((f) => `  ${relative(exported.dir, f)}`).join('\n')}\n  apply with: kubectl apply -k ${relative(process.cwd(), exported.dir) || '.'}\n`);
        return EXIT.ok;
      } catch (err) {
        if (err instanceof ProvisionError) {
          process.stderr.write(`chatconform: provisioning load rooms failed: ${err.message}\n`);
          return EXIT.unreachable;
        }
        throw err;
      }
    }
    let result;
    if (options.progress) options.progress(`starting: ${scenario}, ${options.roomsUpTo ? 'up to ' : ''}${options.rooms} x ${options.members} connections, ${options.duration}`);
    try {
      // Startup, provisioning and k6 together: the sending time plus ten minutes.
      const deadlineMs = durationToMs(options.duration) + durationToMs(options.hold) + 10 * 60_000;
      result = image
        ? await withImage(image, { timeoutMs: 3000, deadlineMs, targetFile: options.targetFile }, (c) => c.withTargetFile((file) => runLoad({ ...options, targetFile: file })))
        : await runLoad(options);
    } catch (err) {
      if (err instanceof TargetUnreachable) {
        process.stderr.write(`chatconform: ${err.message}\n`);
        return EXIT.unreachable;
      }
      if (err instanceof K6MissingError) {
        process.stderr.write(`chatconform: ${err.message}\n`);
        return EXIT.usage;
      }
      if (err instanceof ProvisionError) {
        process.stderr.write(`chatconform: provisioning load rooms failed: ${err.message}\n`);
        return EXIT.unreachable;
      }
      throw err;
    }
    process.stdout.write(`chatconform load\n${formatTable(result)}\n`);
    if (result.reportPath) process.stdout.write(`  report: ${relative(process.cwd(), result.reportPath)}\n`);
    if (result.error) process.stderr.write(`chatconform: ${result.error}\n`);
    return result.exitCode === 0 ? EXIT.ok : result.exitCode === 1 ? EXIT.checkFailed : EXIT.unreachable;
  },
};
