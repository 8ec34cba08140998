// A real server's differences named in the target file's `endpoints`: history at another path, members
// under another key (rooms' `participants`, list_members wrapped in {"members"}), clear_messages by
// DELETE. Against the reference server taking all three, from its own target file (which names the
// overrides): every check not about the documented form runs and passes; the four of the documented form
// fail, and only they.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { main } from '../../../cli/main.ts';
import { startServer } from '../../../reference-server/index.ts';
import type { RunResults } from '../../../generated/types/meta/results.ts';

const DOCUMENTED_FORM = ['uzbekhub-history-07', 'uzbekhub-members-01', 'uzbekhub-rooms-01', 'uzbekhub-rooms-12'];

it('a target file with the endpoints a real server needs: only the checks of the documented form fail', async () => {
  const server = await startServer({ profile: 'uzbekhub', logger: false, variants: ['history-elsewhere', 'members-key', 'clear-with-delete'] });
  try {
    expect(Object.keys(server.target.endpoints ?? {}).sort()).toEqual(['members.list', 'messages.list', 'rooms.clearMessages', 'rooms.create', 'rooms.get', 'rooms.list', 'rooms.update']);
    const dir = mkdtempSync(join(tmpdir(), 'chatconform-uz-endpoints-'));
    const file = join(dir, 'target.json');
    writeFileSync(file, JSON.stringify(server.target));
    const code = await main(['node', 'chatconform', 'run', '--target-file', file, '--reporter', 'json', '--out', dir, '--timeout', '1500']);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
    const notPassing = results.checks.filter((c) => c.status !== 'pass').map((c) => c.id).sort();
    expect(notPassing).toEqual(DOCUMENTED_FORM);
    expect(results.checks.filter((c) => DOCUMENTED_FORM.includes(c.id)).every((c) => c.status === 'fail')).toBe(true);
    expect(code).toBe(1);
  } finally {
    await server.close();
  }
}, 60_000);
