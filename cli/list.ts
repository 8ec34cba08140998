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
  const out = await Promise.all(
    suites.map(async (s) => {
      const profile = loadProfile(s.profile);
      const rows = s.coverage ? coverageTable(s, profile, s.coverage) : [];
      const ops = Object.keys(profile.rest);
      const served = await servedOperations(s.profile);
      return {
        profile: s.profile,
        operations: {
          documented: ops.length,
          ...(served ? { served: ops.filter((op) => served.includes(op)).length } : {}),
          judged: rows.filter((r) => r.item.startsWith('rest:') && r.must.length).length,
          ...(s.coverage?.checks ? { checked: ops.filter((op) => (s.coverage!.checks![`rest:${op}`]?.length ?? 0) > 0 || rows.some((r) => r.item === `rest:${op}` && r.must.length)).length } : {}),
        },
        families: countBy(s.checks, (c) => c.id.slice(s.profile.length + 1).replace(/-\d+$/, '')),
        sections: Object.fromEntries(Object.entries(countBy(s.checks, (c) => c.doc)).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))),
        rows,
      };
    }),
  );
  if (json) {
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  for (const { profile, rows, operations, families, sections } of out) {
    const judged = rows.filter((r) => r.must.length).length;
    const cells = [['ITEM', 'MUST CHECKS', 'EXCEPTION'], ...rows.map((r) => [r.item, r.must.join(' ') || '-', r.exception ?? ''])];
    const ops = `operations: ${operations.served !== undefined ? `served by the reference server ${operations.served}/${operations.documented}, ` : ''}${operations.checked !== undefined ? `with at least one check ${operations.checked}/${operations.documented}, ` : ''}judged by a MUST check ${operations.judged}/${operations.documented}`;
    const counts = (m: Record<string, number>) => Object.entries(m).map(([k, n]) => `${k} ${n}`).join(', ');
    process.stdout.write(
      `${profile}: ${rows.length} items, ${judged} judged by a MUST check, ${rows.filter((r) => r.exception).length} reviewed exceptions, ${rows.length - judged - rows.filter((r) => r.exception).length} uncovered\n` +
        `${ops}\nchecks per family: ${counts(families)}\nchecks per section: ${counts(sections)}\n${table(cells)}\n\n`,
    );
  }
  return 0;
}

function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of items) out[key(t)] = (out[key(t)] ?? 0) + 1;
  return out;
}

/** The operations the reference server routes for `profile` (started on a free loopback port and closed), if it speaks it. */
async function servedOperations(profile: string): Promise<string[] | undefined> {
  const { SERVED_PROFILES, startServer } = await import('../reference-server/index.ts');
  if (!(SERVED_PROFILES as string[]).includes(profile)) return undefined;
  const server = await startServer({ profile: profile as (typeof SERVED_PROFILES)[number], port: 0, logger: false });
  try {
    return server.operations;
  } finally {
    await server.close();
  }
}
