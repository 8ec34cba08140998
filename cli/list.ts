// chatconform list: every check with its level and document section, in aligned columns.
import { DIALECTS } from '../core/profiles.ts';
import { didYouMean } from '../core/suggest.ts';
import { UsageError, list, type CommandSpec } from './command.ts';

/** Rows as aligned text: every column as wide as its widest cell, the last one free. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(widths[i]! - [...cell].length))).join('  ').trimEnd()).join('\n');
}

export const command: CommandSpec = {
  name: 'list',
  description: 'list the conformance checks (id, level, document section, title)',
  flags: [
    { flags: '--profile <name>', description: 'only this profile (repeatable)', repeatable: true, defaultText: 'every profile with a suite' },
    { flags: '--only <glob>', description: 'only matching check ids (repeatable)', repeatable: true },
    { flags: '--json', description: 'print JSON instead of a table', default: false },
    { flags: '--coverage', description: 'print the level coverage table instead: each frame, REST operation and close code of the profile, with the MUST checks that judge it or the reviewed exception', default: false },
    { flags: '--by-section', description: 'group the checks under their document section, with its title and count', default: false },
  ],
  async action(opts) {
    const { SUITES } = await import('../suites/index.ts');
    const { selectChecks } = await import('../harness/select.ts');
    const wanted = list(opts.profile);
    for (const p of wanted) {
      if (!SUITES[p]) throw new UsageError(`no suite for profile '${p}'${didYouMean(p, DIALECTS)} (suites: ${Object.keys(SUITES).join(', ')})`);
    }
    const suites = Object.values(SUITES).filter((s) => !wanted.length || wanted.includes(s.profile));
    if (opts.coverage) return printCoverage(suites, Boolean(opts.json));
    const checks = suites.flatMap((s) => selectChecks(s.checks, list(opts.only)));
    const rows = checks.map(({ id, level, doc, title, requirement, tags, ...rest }) => ({ id, level, doc, ...((rest as { decision?: string }).decision ? { decision: (rest as { decision?: string }).decision } : {}), title, requirement, tags }));
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    } else if (opts.bySection) {
      const { sectionTitle } = await import('../reports/sections.ts');
      const sections = new Map<string, typeof rows>();
      for (const r of rows) sections.set(r.doc, [...(sections.get(r.doc) ?? []), r]);
      const blocks = [...sections].map(([doc, rs]) => {
        const title = sectionTitle(doc);
        const head = `${doc}${title ? ` — ${title}` : ''} (${rs.length} check${rs.length === 1 ? '' : 's'})`;
        return `${head}\n${table(rs.map((r) => ['  ' + r.id, r.level, r.title]))}`;
      });
      process.stdout.write(`${blocks.join('\n\n')}\n\n${rows.length} checks in ${sections.size} sections\n`);
    } else {
      const cells = [['ID', 'LEVEL', 'SECTION', 'TITLE'], ...rows.map((r) => [r.id, r.level, r.doc, r.title])];
      process.stdout.write(`${table(cells)}\n${rows.length} checks\n`);
    }
    return 0;
  },
};

async function printCoverage(suites: import('../harness/suite.ts').Suite[], json: boolean): Promise<number> {
  const { coverageTable } = await import('../harness/coverage.ts');
  const { loadProfile } = await import('../core/profiles.ts');
  const out = suites.map((s) => ({ profile: s.profile, rows: s.coverage ? coverageTable(s, loadProfile(s.profile), s.coverage) : [] }));
  if (json) {
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  for (const { profile, rows } of out) {
    const judged = rows.filter((r) => r.must.length).length;
    const cells = [['ITEM', 'MUST CHECKS', 'EXCEPTION'], ...rows.map((r) => [r.item, r.must.join(' ') || '-', r.exception ?? ''])];
    process.stdout.write(`${profile}: ${rows.length} items, ${judged} judged by a MUST check, ${rows.filter((r) => r.exception).length} reviewed exceptions, ${rows.length - judged - rows.filter((r) => r.exception).length} uncovered\n${table(cells)}\n\n`);
  }
  return 0;
}
