// Test helper: the real k6 these tests need. CI installs it first; locally it says how.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, findK6, type K6Binary } from '../../load/k6.ts';

export function requireK6(): K6Binary {
  if (!existsSync(join(REPO_ROOT, '.tools', 'bin', 'k6'))) {
    throw new Error('these tests need the pinned k6 in .tools/bin/k6: run `bash tools/install-k6.sh` (CI runs it first)');
  }
  return findK6();
}
