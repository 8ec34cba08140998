// Where the package lives, from the sources (a checkout, run through tsx) and from the build in dist/
// alike: the nearest folder above this file whose package.json is chatconform's.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function find(): { root: string; version: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'chatconform') return { root: dir, version: pkg.version ?? '0.0.0' };
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`chatconform: no package.json of chatconform above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

const found = find();
export const PACKAGE_ROOT: string = found.root;
export const VERSION: string = found.version;
