// A thin shell: parses flags declared as data and calls the programmatic API.
import { Command, CommanderError, Option } from 'commander';
import { EXIT, UsageError, type CommandSpec } from './command.ts';
import { TargetError } from '../core/target.ts';
import { commandStarted } from '../harness/teardown.ts';

async function loadCommands(): Promise<CommandSpec[]> {
  const specs: CommandSpec[] = [];
  for (const name of ['run', 'list', 'serve', 'load', 'fuzz', 'token', 'ws']) {
    try {
      const mod = (await import(`./${name}.ts`)) as { command: CommandSpec };
      specs.push(mod.command);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND' || !String(err).includes(`${name}.ts`)) throw err;
    }
  }
  return specs;
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command('chatconform')
    .description('Conformance harness, reference server and load tester for REST + WebSocket chat backends')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  let result: Promise<number> = Promise.resolve(EXIT.ok);
  for (const spec of await loadCommands()) {
    const cmd = program.command(spec.name).description(spec.description).exitOverride();
    for (const flag of spec.flags) {
      const opt = new Option(flag.flags, flag.description);
      if (flag.choices) opt.choices(flag.choices);
      if (flag.repeatable) opt.argParser((value: string, prev: string[] | undefined) => [...(prev ?? []), value]);
      if (flag.default !== undefined) opt.default(flag.default);
      cmd.addOption(opt);
    }
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
    if (err instanceof UsageError || err instanceof TargetError) {
      process.stderr.write(`chatconform: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  } finally {
    // Whatever the target does with its connections, none outlives the command (reports are written by now).
    await ended();
  }
}
