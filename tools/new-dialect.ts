// Scaffolds a dialect: copies the folders of an existing one under the new id (one folder per role), copies
// its profile when the new id has none, and writes the one manifest entry. No other shared file changes:
// every list of dialects derives from the manifest. Prints what it created and what it edited.
//
//   node --import tsx tools/new-dialect.ts <id> --from <dialect> [--doc 001] [--root DIR]
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The role folders of a dialect, and the export each role's entry module names after the dialect. */
export const ROLE_FOLDERS = {
  server: { dir: 'reference-server', entry: 'index.ts' },
  suite: { dir: 'suites', entry: 'index.ts' },
  load: { dir: 'load', entry: 'provision.ts' },
} as const;

export interface Scaffolded {
  created: string[];
  edited: string[];
}

/**
 * The dialect's own name, rewritten: `medmapp-auth-01`, `profile: 'medmapp'`, `export const medmapp` become the
 * new id's; schema names (`medmapp/message`), generated type paths and decision ids (`D-medmapp-07`) stay
 * the source dialect's, since the copy starts from its schemas and decisions.
 */
export function rewrite(text: string, from: string, to: string): string {
  return text.replace(new RegExp(`(?<![\\w/-])${from}(?![\\w/])`, 'g'), to);
}

export function scaffold(root: string, id: string, from: string, doc?: string): Scaffolded {
  if (!/^[a-z][a-z0-9]*$/.test(id)) throw new Error(`dialect id '${id}' must be lower-case letters and digits`);
  const manifestPath = join(root, 'dialects.ts');
  const manifest = readFileSync(manifestPath, 'utf8');
  const entry = new RegExp(`^  ${id}: \\{ doc: '(\\d{3})' \\},\\n`, 'm');
  const bare = manifest.match(entry);
  if (!bare && new RegExp(`^  ${id}: \\{`, 'm').test(manifest)) throw new Error(`the manifest already has roles for '${id}'`);
  const created: string[] = [];
  const roles: string[] = [];
  for (const [role, { dir, entry: file }] of Object.entries(ROLE_FOLDERS)) {
    const source = join(root, dir, from);
    if (!existsSync(source)) continue;
    const dest = join(root, dir, id);
    if (existsSync(dest)) throw new Error(`${relative(root, dest)} exists already`);
    copyRewritten(source, dest, from, id, created, root);
    roles.push(`    ${role}: () => import('./${dir}/${id}/${file}').then((m) => m.${id}),`);
  }
  if (!roles.length) throw new Error(`'${from}' has no role folders to start from`);
  const profile = join(root, 'schemas', id, 'profile.json');
  if (!existsSync(profile)) {
    mkdirSync(dirname(profile), { recursive: true });
    writeFileSync(profile, rewrite(readFileSync(join(root, 'schemas', from, 'profile.json'), 'utf8'), from, id));
    created.push(relative(root, profile));
  }
  const lines = `  ${id}: {\n    doc: '${doc ?? bare?.[1] ?? '000'}',\n${roles.join('\n')}\n  },\n`;
  const next = bare ? manifest.replace(entry, lines) : manifest.replace(/^\} as const satisfies/m, `${lines}} as const satisfies`);
  if (next === manifest) throw new Error('dialects.ts: could not find where the manifest ends');
  writeFileSync(manifestPath, next);
  return { created: created.sort(), edited: ['dialects.ts'] };
}

function copyRewritten(source: string, dest: string, from: string, to: string, created: string[], root: string): void {
  mkdirSync(dest, { recursive: true });
  for (const name of readdirSync(source)) {
    const s = join(source, name);
    const d = join(dest, name);
    if (statSync(s).isDirectory()) copyRewritten(s, d, from, to, created, root);
    else if (name.endsWith('.ts') || name.endsWith('.json') || name.endsWith('.md')) {
      writeFileSync(d, rewrite(readFileSync(s, 'utf8'), from, to));
      created.push(relative(root, d));
    } else {
      cpSync(s, d);
      created.push(relative(root, d));
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const from = flag('--from');
  const doc = flag('--doc');
  const root = flag('--root') ?? join(dirname(fileURLToPath(import.meta.url)), '..');
  const [id] = args;
  if (!id || !from) {
    process.stderr.write('usage: node --import tsx tools/new-dialect.ts <id> --from <dialect> [--doc 001] [--root DIR]\n');
    process.exit(2);
  }
  try {
    const done = scaffold(root, id, from, doc);
    process.stdout.write(`created:\n${done.created.map((f) => `  ${f}\n`).join('')}edited:\n${done.edited.map((f) => `  ${f}\n`).join('')}`);
    process.stdout.write(`next: adapt the copies to schemas/${id}/, then \`npx vitest run test/suites/ids.test.ts\` writes test/suites/ids/${id}.txt\n`);
  } catch (err) {
    process.stderr.write(`new-dialect: ${(err as Error).message}\n`);
    process.exit(2);
  }
}
