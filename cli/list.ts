// chatconform list: every check with its level and document section.
import { SUITES } from '../suites/index.ts';
import { UsageError, type CommandSpec } from './command.ts';
import { list } from './run.ts';

export const command: CommandSpec = {
  name: 'list',
  description: 'list the conformance checks (id, level, document section, title)',
  flags: [
    { flags: '--profile <name>', description: 'only this profile (repeatable)', repeatable: true },
    { flags: '--json', description: 'print JSON instead of a table', default: false },
  ],
  async action(opts) {
    const wanted = list(opts.profile);
    for (const p of wanted) if (!SUITES[p]) throw new UsageError(`no suite for profile '${p}' (suites: ${Object.keys(SUITES).join(', ')})`);
    const suites = Object.values(SUITES).filter((s) => !wanted.length || wanted.includes(s.profile));
    const rows = suites.flatMap((s) => s.checks.map(({ id, level, doc, title, requirement, tags }) => ({ id, level, doc, title, requirement, tags })));
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    } else {
      const w = Math.max(...rows.map((r) => r.id.length));
      for (const r of rows) process.stdout.write(`${r.id.padEnd(w)}  ${r.level.padEnd(6)}  ${r.doc.padEnd(14)}  ${r.title}\n`);
      process.stdout.write(`${rows.length} checks\n`);
    }
    return 0;
  },
};
