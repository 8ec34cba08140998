// A thin shell: parses flags declared as data and calls the programmatic API. Subcommands are a table;
// only the one named on the command line is loaded, so `--help` and `--version` start fast.
import { VERSION } from '../core/package-root.ts';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { EXIT, UsageError, type CommandSpec, type Flag } from './command.ts';
import { didYouMean } from '../core/suggest.ts';
import { commandStarted } from '../harness/teardown.ts';

interface Entry {
  name: string;
  description: string;
  load(): Promise<{ command: CommandSpec }>;
}

/** Every subcommand: add a line here and a file cli/<name>.ts exporting `command`. */
export const COMMANDS: Entry[] = [
  { name: 'run', description: 'run the conformance checks against a target (default: the embedded reference server of each profile)', load: () => import('./run.ts') },
  { name: 'list', description: 'list the conformance checks (id, level, document section, title)', load: () => import('./list.ts') },
  { name: 'serve', description: 'run the reference server (a conforming backend, or a broken one with --fault)', load: () => import('./serve.ts') },
  { name: 'load', description: 'load-test rooms with k6: fan-out latency, loss, limiter false positives', load: () => import('./load.ts') },
  { name: 'fuzz', description: 'send generated malformed requests and frames to a target and report crashes, 5xx, hangs and wrong shapes', load: () => import('./fuzz.ts') },
  { name: 'spec', description: 'print a dialect as an OpenAPI 3.1 or AsyncAPI 3.0 document (generated from its profile and schemas)', load: () => import('./spec.ts') },
  { name: 'token', description: "print a role's access token from a target file (for the reproduction lines)", load: () => import('./token.ts') },
  { name: 'ws', description: 'open a WebSocket, print the handshake, frames and close code; stdin lines are sent as frames', load: () => import('./ws.ts') },
];

export { VERSION };

/** Each comma-separated value of a flag with choices is checked, with a suggestion for a typo. */
function choiceParser(flag: Flag) {
  const check = (value: string): string => {
    if (flag.choices!.includes(value)) return value;
    throw new InvalidArgumentError(`'${value}' is not one of ${flag.choices!.join(', ')}${didYouMean(value, flag.choices!)}`);
  };
  return (value: string, prev: unknown) => {
    if (!flag.repeatable) return check(value);
    const parts = value.split(',').map((s) => s.trim()).filter(Boolean).map(check);
    return [...(Array.isArray(prev) && prev !== flag.default ? prev : []), ...parts];
  };
}

export function addFlags(cmd: Command, flags: Flag[]): void {
  for (const flag of flags) {
    const extra = [flag.choices ? `choices: ${flag.choices.join(', ')}` : '', flag.default === undefined && flag.defaultText ? `default: ${flag.defaultText}` : ''].filter(Boolean);
    const described = extra.length ? `${flag.description} (${extra.join('; ')})` : flag.description;
    const opt = new Option(flag.flags, described);
    if (flag.choices) opt.argParser(choiceParser(flag));
    else if (flag.repeatable) opt.argParser((value: string, prev: string[] | undefined) => [...(Array.isArray(prev) && prev !== flag.default ? prev : []), value]);
    if (flag.default !== undefined) opt.default(flag.default, flag.defaultText);
    cmd.addOption(opt);
  }
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command('chatconform')
    .description('Conformance harness, reference server and load tester for REST + WebSocket chat backends')
    .version(VERSION, '-V, --version', 'print the version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .showSuggestionAfterError(true);
  const wanted = argv.slice(2).find((a) => !a.startsWith('-'));
  let result: Promise<number> = Promise.resolve(EXIT.ok);
  for (const entry of COMMANDS) {
    if (entry.name !== wanted) {
      // Listed in the top-level help, not loaded.
      program.command(entry.name).description(entry.description);
      continue;
    }
    const { command: spec } = await entry.load();
    const cmd = program.command(spec.name).description(spec.description).exitOverride();
    addFlags(cmd, spec.flags);
    if (spec.arguments) cmd.arguments(spec.arguments);
    cmd.action((...parsed: unknown[]) => {
      // commander passes the positional arguments first, then the options and the command
      result = spec.action({ ...(parsed.at(-2) as Record<string, unknown>), args: parsed.slice(0, -2) });
    });
  }
  const ended = commandStarted();
  try {
    await program.parseAsync(argv);
    return await result;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    // TargetError by name: importing core/target.ts would load every schema before --help.
    if (err instanceof UsageError || (err instanceof Error && err.name === 'TargetError')) {
      process.stderr.write(`chatconform: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  } finally {
    // Whatever the target does with its connections, none outlives the command (reports are written by now).
    await ended();
  }
}
