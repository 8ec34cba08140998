// The fault tables as data: each entry carries what its seam reads, one name per promise across dialects
// (old names kept as aliases, mapping to the same checks), and no handler asks for a fault by name.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAULTS, canonicalFault, parseFaults } from '../../reference-server/faults.ts';
import type { FaultSpec, SeamName } from '../../reference-server/fault-spec.ts';

/** The fields of an entry each seam may read. */
const FIELDS: Record<SeamName, readonly (keyof FaultSpec)[]> = {
  admit: ['admit', 'waive'],
  auth: ['auth', 'waive'],
  valid: ['valid'],
  reply: ['reply'],
  frame: ['frame'],
  deliver: ['deliver'],
  read: ['read'],
  write: ['write'],
};

/** Names a promise had before it got one name across dialects, and the check each one maps to. */
const RENAMED: Record<string, { old: string; now: string; check: string }[]> = {
  medmapp: [
    { old: 'ws-accepts-expired-token', now: 'expired-token-accepted', check: 'medmapp-auth-06' },
    { old: 'ws-accepts-refresh-token', now: 'refresh-token-accepted', check: 'medmapp-auth-07' },
    { old: 'ws-no-token-wrong-code', now: 'ws-no-credential-wrong-code', check: 'medmapp-auth-04' },
    { old: 'ws-unknown-conversation-wrong-code', now: 'ws-unknown-room-wrong-code', check: 'medmapp-access-02' },
    { old: 'rest-no-participant-check', now: 'history-no-participant-check', check: 'medmapp-access-04' },
    { old: 'list-shows-all-conversations', now: 'list-shows-all-rooms', check: 'medmapp-access-05' },
  ],
  carinfopro: [
    { old: 'history-any-owner', now: 'history-no-participant-check', check: 'carinfopro-access-04' },
    { old: 'room-list-all-owners', now: 'list-shows-all-rooms', check: 'carinfopro-access-03' },
    { old: 'ws-any-owner', now: 'ws-no-participant-check', check: 'carinfopro-access-05' },
  ],
};

describe('fault tables', () => {
  it.each(Object.keys(FAULTS))('%s: every entry carries the data of the seam it names', (dialect) => {
    for (const f of FAULTS[dialect]!) {
      expect(FIELDS[f.seam].some((k) => f[k] !== undefined), `${f.name} (${f.seam})`).toBe(true);
    }
  });

  it.each(Object.keys(RENAMED))('%s: an old name is an alias of the canonical one, for the same check, and is not listed', (dialect) => {
    const names = FAULTS[dialect]!.map((f) => f.name);
    for (const { old, now, check } of RENAMED[dialect]!) {
      expect(names).not.toContain(old);
      expect(FAULTS[dialect]!.find((f) => f.name === now)?.check).toBe(check);
      expect(canonicalFault(dialect, old)).toBe(now);
      // Switched on under its old name, it is the canonical fault (and the log shows the name given).
      expect(parseFaults(dialect, [old]).size).toBe(1);
      expect(parseFaults(dialect, [old]).list()).toEqual([old]);
    }
    expect(() => parseFaults(dialect, ['no-such-fault'])).toThrow(/unknown fault 'no-such-fault'/);
  });

  it('a promise both documents make has the same name in both tables', () => {
    const byCheck = (dialect: string, suffix: string) => FAULTS[dialect]!.find((f) => f.check === `${dialect}-${suffix}`)?.name;
    // expired token, refresh token as access, login without refresh, wrong password, refresh endpoint
    expect(byCheck('medmapp', 'auth-06')).toBe(byCheck('carinfopro', 'auth-06'));
    expect(byCheck('medmapp', 'auth-07')).toBe(byCheck('carinfopro', 'auth-04'));
    expect(byCheck('medmapp', 'auth-01')).toBe(byCheck('carinfopro', 'auth-01'));
    expect(byCheck('medmapp', 'auth-08')).toBe(byCheck('carinfopro', 'auth-03'));
    // missing credential, unknown room, someone else's room (socket and history), the unfiltered list
    expect(byCheck('medmapp', 'access-01')).toBe(byCheck('carinfopro', 'access-05'));
    expect(byCheck('medmapp', 'access-04')).toBe(byCheck('carinfopro', 'access-04'));
    expect(byCheck('medmapp', 'access-05')).toBe(byCheck('carinfopro', 'access-03'));
    expect(FAULTS.medmapp!.some((f) => f.name === 'ws-no-credential-wrong-code')).toBe(true);
    expect(FAULTS.carinfopro!.some((f) => f.name === 'ws-no-credential-wrong-code')).toBe(true);
    expect(FAULTS.medmapp!.some((f) => f.name === 'ws-unknown-room-wrong-code')).toBe(true);
    expect(FAULTS.carinfopro!.some((f) => f.name === 'ws-unknown-room-wrong-code')).toBe(true);
  });

  it('no reference-server file outside the seams asks a FaultSet anything', () => {
    const root = join(import.meta.dirname, '../../reference-server');
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : []));
    const seams = new Set(['seams.ts', 'fault-seams.ts', 'faults.ts', 'index.ts'].map((n) => join(root, n)));
    const asking = files(root).filter((f) => !seams.has(f) && /\bfaults\.(has|at|memo)\(/.test(readFileSync(f, 'utf8')));
    expect(asking).toEqual([]);
  });
});
